package org.unveil.plot.hosts;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.unveil.hosts.AddressHosts;
import org.unveil.hosts.EvidenceCollector;
import org.unveil.hosts.HostInference;

class HostsReportTest {
    /** The report of {@link PacketPointsTest#traffic()}: two addresses, one User-Agent that is markup. */
    static String report(Traffic traffic) throws IOException {
        EvidenceCollector collector = new EvidenceCollector();
        PacketPoints points = traffic.feed(PacketPoints.perAddress(collector, 1000, 10_000));
        List<AddressHosts> results = HostInference.infer(collector.flows(), null);
        return HostsReport.html("hosts <of> test.pcap", results, points);
    }

    private static List<String> all(String html, String regex) {
        Matcher m = Pattern.compile(regex).matcher(html);
        List<String> out = new ArrayList<>();
        while (m.find()) {
            out.add(m.group(1));
        }
        return out;
    }

    @Test
    void markupFromTheCaptureIsShownAsText() throws IOException {
        String html = report(PacketPointsTest.traffic());
        assertThat(html).contains("<td>&lt;script&gt;alert(1)&lt;/script&gt;</td>").doesNotContain("<script")
                .contains("<h1>hosts &lt;of&gt; test.pcap</h1>");
    }

    @Test
    void everyAddressHasASummaryRowHostsPlotsAndFlows() throws IOException {
        String html = report(PacketPointsTest.traffic());
        assertThat(all(html, "<tr><td><a href=\"#address-([^\"]+)\">")).containsExactly(PacketPointsTest.NAT,
                PacketPointsTest.OTHER);
        assertThat(all(html, "<h2 id=\"address-([^\"]+)\">")).containsExactly(PacketPointsTest.NAT,
                PacketPointsTest.OTHER);
        assertThat(all(html, "<img class=\"plot\"[^>]* alt=\"([^\"]+)\"")).containsExactly(
                "IPID vs packet, 192.0.2.1", "TSval vs time, 192.0.2.1", "IPID vs packet, 192.0.2.9",
                "TSval vs time, 192.0.2.9");
        for (String png : all(html, "src=\"data:image/png;base64,([A-Za-z0-9+/=]+)\"")) {
            BufferedImage image = ImageIO.read(new ByteArrayInputStream(Base64.getDecoder().decode(png)));
            assertThat(image.getWidth()).isEqualTo(1000);
        }
        // three flows from the NAT address and one from the other, one row each
        assertThat(all(html, "(?s)<table class=\"flows\">(.*?)</table>").stream()
                .map(t -> t.split("<tr><td>", -1).length - 1)).containsExactly(3, 1);
    }

    @Test
    void nothingIsFetchedFromElsewhere() throws IOException {
        String html = report(PacketPointsTest.traffic());
        assertThat(html).doesNotContainPattern("(src|href)\\s*=\\s*[\"']?(https?:|//)").doesNotContain("<link", "@import",
                "url(");
        assertThat(html).contains(HostsReport.POLICY);
    }

    @Test
    void longFlowListsAreCutWithANote() throws IOException {
        Traffic t = new Traffic();
        for (int flow = 0; flow < HostsReport.MAX_FLOWS + 3; flow++) {
            t.udpFrom(PacketPointsTest.NAT, 2000 + flow, PacketPointsTest.S, 53, flow);
        }
        String html = report(t);
        assertThat(html).contains("The first 500 of 503 flows.");
        assertThat(all(html, "(?s)<table class=\"flows\">(.*?)</table>").getFirst().split("<tr><td>", -1).length - 1)
                .isEqualTo(500);
    }
}
