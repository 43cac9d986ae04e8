package org.unveil.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.unveil.capture.CaptureProblem;
import org.unveil.capture.CaptureReader;
import org.unveil.capture.Captures;
import org.unveil.capture.Packet;
import org.unveil.capture.decode.HttpHead;
import org.unveil.capture.decode.HttpHeader;
import org.unveil.capture.decode.PacketDecoder;
import org.unveil.capture.decode.PacketLayers;
import org.unveil.capture.decode.TlsClientHello;

class BenchCaptureGeneratorTest {
    private static final long SIZE = 4L << 20;

    @TempDir
    static Path dir;
    static Path capture;
    static BenchCaptureGenerator.Result result;
    /** What reading the capture back found, gathered once for all tests. */
    static Seen seen;

    @BeforeAll
    static void generate() throws IOException {
        capture = dir.resolve("bench.pcap");
        result = BenchCaptureGenerator.generate(capture, SIZE, 7, false);
        seen = Seen.read(capture);
    }

    @Test
    void sameSeedWritesTheSameBytesAndAnotherSeedDoesNot() throws IOException {
        Path again = dir.resolve("again.pcap");
        Path other = dir.resolve("other.pcap");
        BenchCaptureGenerator.generate(again, SIZE, 7, false);
        BenchCaptureGenerator.generate(other, SIZE, 8, false);

        assertThat(Files.mismatch(capture, again)).isEqualTo(-1);
        assertThat(Files.mismatch(capture, other)).isNotEqualTo(-1);
    }

    @Test
    void fileStaysWithinTheRequestedSize() throws IOException {
        assertThat(Files.size(capture)).isEqualTo(result.bytes()).isLessThanOrEqualTo(SIZE)
                .isGreaterThan(SIZE - 2_000);
    }

    @Test
    void readsBackWithoutProblemsAndWithEveryPacket() {
        assertThat(seen.problems).isEmpty();
        assertThat(seen.packets).isEqualTo(result.packets());
        assertThat(seen.undecodable).isZero();
        assertThat(seen.timestampsIncrease).isTrue();
    }

    @Test
    void packetSizesMixSmallAndFullSegments() {
        double average = (double) seen.bytes / seen.packets;
        assertThat(average).isBetween(600.0, 850.0);
        assertThat(seen.small).isGreaterThan(seen.packets / 4);
        assertThat(seen.full).isGreaterThan(seen.packets / 4);
    }

    @Test
    void carriesEveryProtocolOfTheMix() {
        assertThat(seen.vlanTagged).isPositive();
        assertThat(seen.ipv6).isPositive();
        assertThat(seen.ipv4).isGreaterThan(seen.ipv6);
        assertThat(seen.udp53).isPositive();
        assertThat(seen.udp443).isPositive();
        assertThat(seen.icmp).isPositive();
        assertThat(seen.synWithAllOptions).isPositive();
        assertThat(seen.dataWithTimestamps).isPositive();
    }

    @Test
    void httpRequestsCarryUserAgentsAndForwardedFor() {
        assertThat(seen.httpRequests).isPositive();
        assertThat(seen.httpResponses).isPositive();
        assertThat(seen.userAgents).anyMatch(ua -> ua.startsWith("Mozilla/5.0 (Windows NT 10.0"))
                .anyMatch(ua -> ua.contains("Firefox/"));
        assertThat(seen.forwardedFor).isNotEmpty()
                .allMatch(xff -> xff.matches("(198\\.51\\.100|203\\.0\\.113)\\.\\d+(, (198\\.51\\.100|203\\.0\\.113)\\.\\d+)?"));
    }

    @Test
    void tlsClientHellosNameTheirServerAndOfferTls13() {
        assertThat(seen.serverNames).isNotEmpty().allMatch(name -> name.matches("[a-z]+\\.example\\.(com|net|org)"));
        assertThat(seen.tls13Hellos).isPositive();
        assertThat(seen.tls12Hellos).isPositive();
        assertThat(seen.greaseHellos).isPositive();
    }

    @Test
    void ipv4HeaderChecksumsAreRight() {
        assertThat(seen.badIpv4Checksums).isZero();
    }

    @Test
    void demoIsSmallAndReadsBack() throws IOException {
        Path demo = dir.resolve("demo.pcap");
        BenchCaptureGenerator.Result r = BenchCaptureGenerator.generate(demo, BenchCaptureGenerator.DEMO_SIZE, 1, true);
        Seen d = Seen.read(demo);

        assertThat(Files.size(demo)).isBetween(200_000L, 400_000L);
        assertThat(d.problems).isEmpty();
        assertThat(d.packets).isEqualTo(r.packets());
        assertThat(d.ipv4Sources).contains("203.0.113.10");
        assertThat(d.userAgents.size()).isGreaterThan(3);
    }

    /** Counts over one capture read through the project's own reader and decoder. */
    static final class Seen {
        final List<CaptureProblem> problems = new ArrayList<>();
        final Set<String> userAgents = new HashSet<>();
        final Set<String> forwardedFor = new HashSet<>();
        final Set<String> serverNames = new HashSet<>();
        final Set<String> ipv4Sources = new HashSet<>();
        long packets;
        long bytes;
        long small;
        long full;
        long undecodable;
        long vlanTagged;
        long ipv4;
        long ipv6;
        long udp53;
        long udp443;
        long icmp;
        long synWithAllOptions;
        long dataWithTimestamps;
        long httpRequests;
        long httpResponses;
        long tls13Hellos;
        long tls12Hellos;
        long greaseHellos;
        long badIpv4Checksums;
        boolean timestampsIncrease = true;

        static Seen read(Path file) throws IOException {
            Seen s = new Seen();
            Packet packet = new Packet();
            PacketLayers layers = new PacketLayers();
            long last = Long.MIN_VALUE;
            try (CaptureReader reader = Captures.open(file.toString(), s.problems::add)) {
                while (reader.next(packet)) {
                    s.timestampsIncrease &= packet.timestampNanos() > last;
                    last = packet.timestampNanos();
                    s.add(packet, PacketDecoder.decode(packet, layers));
                }
            }
            return s;
        }

        private void add(Packet packet, PacketLayers layers) {
            packets++;
            bytes += packet.capturedLength();
            small += packet.capturedLength() <= 80 ? 1 : 0;
            full += packet.capturedLength() >= 1500 ? 1 : 0;
            undecodable += layers.undecodable() ? 1 : 0;
            vlanTagged += layers.vlanCount() > 0 ? 1 : 0;
            if (layers.ipVersion() == 4) {
                ipv4++;
                ipv4Sources.add(org.unveil.capture.flow.IpAddresses.ipv4(layers.ipv4().source()));
                badIpv4Checksums += ipv4ChecksumHolds(layers) ? 0 : 1;
            } else if (layers.ipVersion() == 6) {
                ipv6++;
            }
            if (layers.hasIcmp()) {
                icmp++;
            }
            if (layers.hasUdp()) {
                udp53 += layers.udp().destinationPort() == 53 ? 1 : 0;
                udp443 += layers.udp().destinationPort() == 443 ? 1 : 0;
            }
            if (layers.hasTcp()) {
                tcp(layers);
            }
        }

        private void tcp(PacketLayers layers) {
            var t = layers.tcp();
            if (t.isSynOnly() && t.mss() > 0 && t.sackPermitted() && t.windowScale() >= 0 && t.hasTimestamps()) {
                synWithAllOptions++;
            }
            if (layers.payloadLength() > 0 && t.hasTimestamps()) {
                dataWithTimestamps++;
            }
            HttpHead http = layers.http();
            if (http != null && http.isRequest()) {
                httpRequests++;
                userAgents.add(http.value(HttpHeader.USER_AGENT));
                if (http.has(HttpHeader.X_FORWARDED_FOR)) {
                    forwardedFor.add(http.value(HttpHeader.X_FORWARDED_FOR));
                }
            } else if (http != null) {
                httpResponses++;
            }
            TlsClientHello hello = layers.tlsClientHello();
            if (hello != null) {
                String name = hello.serverName();
                if (name != null) {
                    serverNames.add(name);
                }
                if (hello.highestVersion() == 0x0304) {
                    tls13Hellos++;
                } else {
                    tls12Hellos++;
                }
                if (TlsClientHello.isGrease(hello.cipherSuite(0))) {
                    greaseHellos++;
                }
            }
        }

        private static boolean ipv4ChecksumHolds(PacketLayers layers) {
            MemorySegment s = layers.ipv4().segment();
            long at = layers.ipv4().offset();
            long sum = 0;
            for (int i = 0; i < layers.ipv4().headerLength(); i += 2) {
                sum += ((s.get(ValueLayout.JAVA_BYTE, at + i) & 0xFF) << 8) | (s.get(ValueLayout.JAVA_BYTE, at + i + 1) & 0xFF);
            }
            while ((sum >>> 16) != 0) {
                sum = (sum & 0xFFFF) + (sum >>> 16);
            }
            return sum == 0xFFFF;
        }
    }
}
