package org.unveil.capture.oracle;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.unveil.capture.CaptureException;
import org.unveil.capture.CaptureReader;
import org.unveil.capture.Captures;
import org.unveil.capture.Packet;
import org.unveil.capture.ProblemListener;
import org.unveil.capture.filter.BpfFilter;

/**
 * A filter keeps exactly the packets tcpdump keeps: for each expression and each corpus capture tcpdump reads,
 * {@code tcpdump -r F -w - EXPR} and {@link BpfFilter} agree packet for packet (timestamp to the microsecond,
 * captured and original length), and where tcpdump cannot compile the expression for a file's link type,
 * the filter says so too and keeps nothing.
 */
class BpfFilterOracleTest {
    static final List<String> EXPRESSIONS = List.of(
            "tcp", "udp", "icmp", "ip6", "arp", "tcp port 80", "port 53", "udp dst port 53",
            "tcp[tcpflags] & tcp-syn != 0", "tcp[13] = 0x12", "ip and len > 500", "greater 1000", "less 100",
            "not ip", "vlan", "ip[8] < 64", "ip[6:2] & 0x3fff != 0", "ip proto 17", "ether broadcast",
            "ip multicast", "net 10.0.0.0/8", "src net 192.168.0.0/16", "portrange 1024-65535",
            "(tcp or udp) and not port 22", "ip6 and tcp", "icmp6", "ether proto 0x0806", "host 192.168.1.1");

    static List<Path> files() throws IOException {
        Path root = Corpus.require();
        List<Path> files = new ArrayList<>();
        for (String folder : List.of("packets", "samples")) {
            try (Stream<Path> s = Files.list(root.resolve(folder))) {
                s.filter(Files::isRegularFile).filter(p -> !p.toString().endsWith(".md")).sorted().forEach(files::add);
            }
        }
        return files;
    }

    @TestFactory
    Stream<DynamicTest> keepsWhatTcpdumpKeeps() throws IOException {
        ExternalTool.require("tcpdump");
        List<Path> files = files();
        assertThat(EXPRESSIONS).hasSizeGreaterThanOrEqualTo(20);
        return EXPRESSIONS.stream().map(expression -> DynamicTest.dynamicTest(expression, () -> {
            int compared = 0;
            try (BpfFilter filter = BpfFilter.compile(expression)) {
                for (Path file : files) {
                    List<String> tcpdump = tcpdump(file, expression);
                    List<String> ours = ours(file, filter);
                    if (tcpdump == null || ours == null) {
                        continue; // a file tcpdump (or the reader) refuses: nothing to compare
                    }
                    assertThat(ours).as("%s on %s", expression, file.getFileName()).isEqualTo(tcpdump);
                    compared++;
                }
            }
            assertThat(compared).as("files compared for '%s'", expression).isGreaterThan(20);
        }));
    }

    @org.junit.jupiter.api.Test
    void aMistakeIsToldWithLibpcapsMessage() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> BpfFilter.compile("tcp prot 80"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'tcp prot 80': ").hasMessageContaining("syntax error");
    }

    /** One line per kept packet: microseconds, captured length, original length. */
    private static List<String> ours(Path file, BpfFilter filter) throws IOException {
        List<String> kept = new ArrayList<>();
        BpfFilter.Matcher matcher = filter.matcher();
        Packet packet = new Packet();
        try (CaptureReader reader = Captures.open(file.toString(), ProblemListener.IGNORE)) {
            while (reader.next(packet)) {
                if (matcher.test(packet)) {
                    kept.add(line(packet));
                }
            }
        } catch (CaptureException notACapture) {
            return null;
        }
        return kept;
    }

    private static String line(Packet p) {
        return Math.floorDiv(p.timestampNanos(), 1000) + " " + p.capturedLength() + " " + p.originalLength();
    }

    /** What tcpdump keeps, read back from the pcap it writes; null when tcpdump fails on this file. */
    private static List<String> tcpdump(Path file, String expression) throws IOException, InterruptedException {
        Path out = Files.createTempFile("tcpdump", ".pcap");
        try {
            Process p = new ProcessBuilder("tcpdump", "-r", file.toString(), "-w", out.toString(), expression)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.DISCARD)
                    .start();
            if (!p.waitFor(1, TimeUnit.MINUTES)) {
                p.destroyForcibly();
                throw new IOException("tcpdump timed out on " + file);
            }
            if (p.exitValue() != 0) {
                return null;
            }
            List<String> kept = new ArrayList<>();
            Packet packet = new Packet();
            try (CaptureReader reader = Captures.open(out.toString(), ProblemListener.IGNORE)) {
                while (reader.next(packet)) {
                    kept.add(line(packet));
                }
            } catch (CaptureException empty) {
                return List.of(); // tcpdump wrote only a header or nothing
            }
            return kept;
        } finally {
            Files.deleteIfExists(out);
        }
    }
}
