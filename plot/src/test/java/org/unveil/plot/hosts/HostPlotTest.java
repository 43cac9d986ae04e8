package org.unveil.plot.hosts;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.unveil.hosts.EvidenceCollector;
import org.unveil.hosts.HostInference;
import org.unveil.plot.ChartFiles;
import org.xml.sax.InputSource;

class HostPlotTest {
    @TempDir
    Path dir;

    private static PacketPoints points() {
        return PacketPointsTest.traffic().feed(PacketPoints.of(new EvidenceCollector(), PacketPointsTest.NAT,
                PacketFilter.ALL, 100));
    }

    private static XYChart chart(PacketPoints p, XAxis x, YAxis y, ColorBy by) {
        return HostPlot.chart("t", p.sample(), x, y, by, new FlowLabels(p.flows(), List.of()), p.firstNanos());
    }

    private static double[] x(XYChart chart, String series) {
        return chart.getSeriesMap().get(series).getXData();
    }

    @Test
    void oneSeriesPerUserAgentWithItsPacketsAcross() {
        XYChart chart = chart(points(), XAxis.PACKET, YAxis.IPID, ColorBy.UA);
        assertThat(chart.getSeriesMap().keySet())
                .containsExactly("(no User-Agent)", PacketPointsTest.EVIL_UA, "curl/8.5.0");
        assertThat(x(chart, "curl/8.5.0")).containsExactly(1, 3);
        assertThat(chart.getSeriesMap().get("curl/8.5.0").getYData()).containsExactly(100, 101);
        assertThat(x(chart, PacketPointsTest.EVIL_UA)).containsExactly(4, 5);
        assertThat(x(chart, "(no User-Agent)")).containsExactly(8);
        assertThat(chart.getSeriesMap().values()).allMatch(s -> s.getXYSeriesRenderStyle() == null
                || s.getXYSeriesRenderStyle() == XYSeries.XYSeriesRenderStyle.Scatter);
    }

    @Test
    void packetsWithoutTheValueAreLeftOutAndTimeCountsFromTheFirstPacket() {
        XYChart chart = chart(points(), XAxis.TIME, YAxis.TSVAL, ColorBy.UA);
        // host B sent no timestamps: its User-Agent has no series
        assertThat(chart.getSeriesMap().keySet()).containsExactly("(no User-Agent)", "curl/8.5.0");
        assertThat(x(chart, "curl/8.5.0")).containsExactly(0.0, 0.002);
        assertThat(x(chart, "(no User-Agent)")).containsExactly(0.007);
        assertThat(chart.getSeriesMap().get("curl/8.5.0").getYData()).containsExactly(5000, 5001);
    }

    @Test
    void byHostEachInferredHostIsASeries() {
        PacketPoints p = points();
        var hosts = HostInference.infer(p.flows(), PacketPointsTest.NAT);
        XYChart chart = HostPlot.chart("t", p.sample(), XAxis.PACKET, YAxis.SPORT, ColorBy.HOST,
                new FlowLabels(p.flows(), hosts), p.firstNanos());
        List<String> ids = hosts.getFirst().hosts().stream().map(h -> h.id()).sorted().toList();
        assertThat(chart.getSeriesMap().keySet()).containsExactlyElementsOf(ids);
        assertThat(chart.getSeriesMap().values().stream().mapToInt(s -> s.getXData().length).sum()).isEqualTo(5);
    }

    @Test
    void beyondTwelveColoursTheSmallestShareOneOtherSeries() {
        Traffic t = new Traffic();
        for (int flow = 0; flow < 15; flow++) {
            for (int k = 0; k <= flow; k++) {
                t.udpFrom(PacketPointsTest.NAT, 6000 + flow, PacketPointsTest.S, 123, k);
            }
        }
        PacketPoints p = t.feed(PacketPoints.of(new EvidenceCollector(), null, PacketFilter.ALL, 1000));
        XYChart chart = chart(p, XAxis.PACKET, YAxis.IPID, ColorBy.FLOW);
        assertThat(chart.getSeriesMap()).hasSize(12);
        // the 11 flows with most packets (5..15 each) keep their colour; 1+2+3+4 packets are "other"
        assertThat(chart.getSeriesMap()).containsKey("udp 192.0.2.1:6014 > 198.51.100.7:123");
        assertThat(chart.getSeriesMap()).doesNotContainKey("udp 192.0.2.1:6003 > 198.51.100.7:123");
        assertThat(x(chart, "other (4 more)")).hasSize(10);
    }

    @Test
    void whichLabelsGetASeriesTiesFallInNaturalOrderAsTheColourRanksDo() {
        Traffic t = new Traffic();
        for (int port = 998; port <= 1010; port++) { // 13 flows of one packet each: a tie at the cut
            t.udpFrom(PacketPointsTest.NAT, port, PacketPointsTest.S, 123, 0);
        }
        PacketPoints p = t.feed(PacketPoints.of(new EvidenceCollector(), null, PacketFilter.ALL, 1000));
        XYChart chart = chart(p, XAxis.PACKET, YAxis.IPID, ColorBy.FLOW);
        // natural order, as FlowLabels ranks them: :998 and :999 come before :1000, and :1009, :1010 are "other"
        assertThat(chart.getSeriesMap()).containsKeys("udp 192.0.2.1:998 > 198.51.100.7:123",
                "udp 192.0.2.1:1008 > 198.51.100.7:123", "other (2 more)");
        assertThat(chart.getSeriesMap()).doesNotContainKeys("udp 192.0.2.1:1009 > 198.51.100.7:123",
                "udp 192.0.2.1:1010 > 198.51.100.7:123");
        FlowLabels labels = new FlowLabels(p.flows(), List.of());
        assertThat(labels.rank("udp 192.0.2.1:998 > 198.51.100.7:123", ColorBy.FLOW)).isZero();
    }

    @Test
    void pngAndSvgFilesAreWrittenAndReadable() throws Exception {
        XYChart chart = chart(points(), XAxis.PACKET, YAxis.IPID, ColorBy.UA);
        Path png = dir.resolve("ipid.png");
        Files.write(png, ChartFiles.encode(chart, png));
        BufferedImage image = ImageIO.read(png.toFile());
        assertThat(image.getWidth()).isEqualTo(1000);
        assertThat(image.getHeight()).isEqualTo(560);

        Path svg = dir.resolve("ipid.SVG");
        Files.write(svg, ChartFiles.encode(chart, svg));
        String text = Files.readString(svg);
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        // the SVG names its DTD by URL; parsing must not fetch it
        f.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
        assertThat(f.newDocumentBuilder().parse(new InputSource(new StringReader(text))).getDocumentElement()
                .getTagName()).isEqualTo("svg");
        // the three series in the first three colours: one marker per packet and one in the legend
        assertThat(fills(text, "31,119,180")).isEqualTo(1 + 1);
        assertThat(fills(text, "214,39,40")).isEqualTo(2 + 1);
        assertThat(fills(text, "44,160,44")).isEqualTo(2 + 1);
        assertThat(fills(text, "255,127,14")).isZero();
    }

    private static int fills(String svg, String rgb) {
        Matcher m = Pattern.compile("fill:rgb\\(" + Pattern.quote(rgb) + "\\)").matcher(svg);
        int n = 0;
        while (m.find()) {
            n++;
        }
        return n;
    }

    @Test
    void anEmptySampleStillMakesAChart() throws IOException {
        PacketPoints p = PacketPointsTest.traffic().feed(PacketPoints.of(new EvidenceCollector(), "203.0.113.99",
                PacketFilter.ALL, 100));
        XYChart chart = chart(p, XAxis.PACKET, YAxis.IPID, ColorBy.HOST);
        assertThat(chart.getTitle()).contains("no packets to plot");
        assertThat(ImageIO.read(new java.io.ByteArrayInputStream(ChartFiles.png(chart)))).isNotNull();
    }

    @Test
    void aLabelKeepsItsColourInEveryChartOfTheSameFlows() {
        PacketPoints p = points();
        FlowLabels labels = new FlowLabels(p.flows(), List.of());
        XYChart ipid = HostPlot.chart("ipid", p.sample(), XAxis.PACKET, YAxis.IPID, ColorBy.UA, labels, p.firstNanos());
        XYChart tsval = HostPlot.chart("ts", p.sample(), XAxis.PACKET, YAxis.TSVAL, ColorBy.UA, labels, p.firstNanos());
        // the TSval chart lacks the evil User-Agent's series (no timestamps): the others must not shift colour
        assertThat(tsval.getSeriesMap()).doesNotContainKey(PacketPointsTest.EVIL_UA);
        for (String series : tsval.getSeriesMap().keySet()) {
            assertThat(tsval.getSeriesMap().get(series).getMarkerColor())
                    .isEqualTo(ipid.getSeriesMap().get(series).getMarkerColor());
        }
    }

    @Test
    void noTwoSeriesOfOneChartShareAColour() {
        XYChart chart = chart(points(), XAxis.PACKET, YAxis.IPID, ColorBy.FLOW);
        assertThat(chart.getSeriesMap().values().stream().map(XYSeries::getMarkerColor).distinct().count())
                .isEqualTo(chart.getSeriesMap().size());
    }

    @Test
    void theTitleSaysTheDotsArePacketsSentAndTheAxisCountsBothDirections() {
        XYChart chart = chart(points(), XAxis.PACKET, YAxis.IPID, ColorBy.UA);
        assertThat(chart.getTitle()).endsWith("packets sent)");
        assertThat(chart.getXAxisTitle()).contains("both directions");
    }
}
