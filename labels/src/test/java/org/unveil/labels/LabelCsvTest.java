package org.unveil.labels;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.StringWriter;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LabelCsvTest {
    @TempDir
    Path dir;

    @Test
    void natLabelsSurviveAWriteAndReadWithMicrosecondTimes() throws IOException {
        NatLabel label = new NatLabel(1_795_393_626_008_180L, 6, ip("203.0.113.1"), 52932, ip("198.51.100.80"),
                80, ip("10.0.0.2"));
        StringWriter out = new StringWriter();
        LabelCsv.writeNatHeader(out);
        LabelCsv.write(out, label);
        assertThat(out.toString()).isEqualTo("first_time,proto,src,sport,dst,dport,host\n"
                + "1795393626.008180,tcp,203.0.113.1,52932,198.51.100.80,80,10.0.0.2\n");
        Path file = Files.writeString(dir.resolve("nat.csv"), out.toString());
        assertThat(LabelCsv.readNat(file)).containsExactly(label);
    }

    @Test
    void lbLabelsSurviveAWriteAndRead() throws IOException {
        LbLabel label = new LbLabel(1_000_000_500_000L, ip("198.51.100.7"), 40000, ip("203.0.113.10"), 80,
                1_000_000_501_250L, ip("192.0.2.1"), 35000, ip("192.0.2.11"), 8080);
        StringWriter out = new StringWriter();
        LabelCsv.writeLbHeader(out);
        LabelCsv.write(out, label);
        Path file = Files.writeString(dir.resolve("lb.csv"), out.toString());
        assertThat(LabelCsv.readLb(file)).containsExactly(label);
    }

    @Test
    void protocolNumbersAndShortFractionsAreAccepted() throws IOException {
        Path file = Files.writeString(dir.resolve("n.csv"),
                "first_time,proto,src,sport,dst,dport,host\n12.5,17,2001:db8::1,53,192.0.2.1,53,10.1.2.3\n\n");
        List<NatLabel> labels = LabelCsv.readNat(file);
        assertThat(labels).singleElement().satisfies(l -> {
            assertThat(l.firstMicros()).isEqualTo(12_500_000L);
            assertThat(l.proto()).isEqualTo(17);
            assertThat(l.src()).isEqualTo(ip("2001:db8::1"));
        });
    }

    @Test
    void aWrongHeaderIsReportedOnLineOne() throws IOException {
        Path file = Files.writeString(dir.resolve("h.csv"), "time,proto,src\n");
        assertThatThrownBy(() -> LabelCsv.readNat(file)).isInstanceOf(IOException.class)
                .hasMessage(file + ": line 1: expected the header first_time,proto,src,sport,dst,dport,host");
    }

    @Test
    void aBadValueNamesItsLine() throws IOException {
        Path file = Files.writeString(dir.resolve("b.csv"), LabelCsv.NAT_COLUMNS
                + "\n1.0,tcp,10.0.0.1,1,10.0.0.2,2,10.0.0.3\n1.0,tcp,10.0.0.1,70000,10.0.0.2,2,10.0.0.3\n");
        assertThatThrownBy(() -> LabelCsv.readNat(file)).hasMessage(file + ": line 3: port 70000 is over 65535");
        Path names = Files.writeString(dir.resolve("c.csv"),
                LabelCsv.NAT_COLUMNS + "\n1.0,tcp,example.com,1,10.0.0.2,2,10.0.0.3\n");
        assertThatThrownBy(() -> LabelCsv.readNat(names)).hasMessage(names + ": line 2: 'example.com' is not an IP address");
    }

    @Test
    void aMissingFileIsOneLine() {
        Path file = dir.resolve("absent.csv");
        assertThatThrownBy(() -> LabelCsv.readLb(file)).hasMessage(file + ": no such file");
    }

    private static InetAddress ip(String literal) {
        return InetAddress.ofLiteral(literal);
    }
}
