package org.unveil.synth.natify;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.unveil.capture.CaptureReader;
import org.unveil.capture.Captures;
import org.unveil.capture.LinkType;
import org.unveil.capture.Packet;
import org.unveil.capture.decode.PacketDecoder;
import org.unveil.capture.decode.PacketLayers;
import org.unveil.capture.pcap.PcapWriter;
import org.unveil.synth.Seen;
import org.unveil.generator.frame.FrameWriter;
import org.unveil.labels.LabelCsv;
import org.unveil.labels.NatLabel;
import org.unveil.synth.model.Ipv4;

/** natify on a small hand-built capture: what changes, what does not, and what the labels say. */
class NatifierTest {
    static final int A = Ipv4.parse("10.0.0.1");
    static final int B = Ipv4.parse("10.0.0.2");
    static final int C = Ipv4.parse("10.0.0.3");
    static final int OTHER = Ipv4.parse("10.9.9.9");
    static final int WEB = Ipv4.parse("198.51.100.7");
    static final int DNS = Ipv4.parse("203.0.113.53");
    static final int PUBLIC = Ipv4.parse("192.0.2.1");
    static final long T0 = 1_700_000_000_000_000_000L;

    @TempDir
    Path dir;

    /** One packet of the input, as built. */
    record Built(int src, int dst, int proto, int sport, int dport, int flags, boolean zeroUdpChecksum) {
    }

    private final List<Built> input = new ArrayList<>();

    private void tcp(int src, int dst, int sport, int dport, int flags) {
        input.add(new Built(src, dst, 6, sport, dport, flags, false));
    }

    private void udp(int src, int dst, int sport, int dport, boolean zeroChecksum) {
        input.add(new Built(src, dst, 17, sport, dport, 0, zeroChecksum));
    }

    /** A and B both use port 40000 to the web server (a collision), C makes DNS queries, others are bystanders. */
    private Path capture() throws IOException {
        tcp(A, WEB, 40000, 80, 0x02);
        tcp(WEB, A, 80, 40000, 0x12);
        tcp(B, WEB, 40000, 80, 0x02);
        tcp(A, WEB, 40000, 80, 0x18);
        tcp(WEB, B, 80, 40000, 0x12);
        udp(C, DNS, 5353, 53, false);
        udp(DNS, C, 53, 5353, false);
        udp(C, DNS, 5354, 53, true);
        tcp(OTHER, WEB, 1234, 443, 0x02);
        tcp(A, B, 50000, 22, 0x02);
        tcp(WEB, B, 80, 40000, 0x18);
        tcp(B, WEB, 40000, 80, 0x10);
        Path file = dir.resolve("in.pcap");
        FrameWriter f = new FrameWriter();
        try (OutputStream out = Files.newOutputStream(file); PcapWriter w = new PcapWriter(out, LinkType.ETHERNET, 65535)) {
            for (int i = 0; i < input.size(); i++) {
                Built p = input.get(i);
                f.ethernet(2, 1, -1, false);
                f.ipv4(p.src(), p.dst(), 64, 1000 + i, p.proto(), true);
                int length;
                if (p.proto() == 6) {
                    f.tcp(FrameWriter.IPV4_L4, p.sport(), p.dport(), 1000L * i, 77, p.flags(), 65535, 0);
                    byte[] payload = ("payload " + i).getBytes(StandardCharsets.US_ASCII);
                    System.arraycopy(payload, 0, f.frame, FrameWriter.IPV4_TCP_OPTIONS, payload.length);
                    length = f.finish(20 + payload.length, FrameWriter.PROTO_TCP, 16);
                } else {
                    int datagram = 8 + 1 + i % 2; // an odd and an even length
                    f.udp(FrameWriter.IPV4_L4, p.sport(), p.dport(), datagram);
                    f.frame[FrameWriter.IPV4_UDP_PAYLOAD] = (byte) i;
                    length = f.finish(datagram, FrameWriter.PROTO_UDP, 6);
                    if (p.zeroUdpChecksum()) {
                        f.put16(FrameWriter.IPV4_L4 + 6, 0);
                    }
                }
                w.write(Packet.of(LinkType.ETHERNET, T0 + i * 1_000_000L, java.util.Arrays.copyOf(f.frame, length)));
            }
        }
        return file;
    }

    private List<NatLabel> natify(Path in, Path out, Path labels, boolean remap) throws IOException {
        Packet packet = new Packet();
        PacketLayers layers = new PacketLayers();
        try (CaptureReader reader = Captures.open(in.toString(), p -> { throw new AssertionError(p.toString()); });
                OutputStream o = Files.newOutputStream(out);
                Writer l = Files.newBufferedWriter(labels)) {
            Natifier n = new Natifier(o, l, PUBLIC, new int[] {A, B, C}, remap, 3);
            while (reader.next(packet)) {
                n.accept(packet, PacketDecoder.decode(packet, layers));
            }
            Natifier.Result r = n.finish(LinkType.ETHERNET);
            assertThat(r.packets()).isEqualTo(input.size());
            assertThat(r.between()).isEqualTo(1);
        }
        return LabelCsv.readNat(labels);
    }

    @Test
    void preservingRewritesInsideAddressesKeepsFreePortsAndFixesChecksums() throws IOException {
        Path in = capture();
        List<NatLabel> labels = natify(in, dir.resolve("out.pcap"), dir.resolve("l.csv"), false);
        List<Seen> before = Seen.read(in, true);
        List<Seen> after = Seen.read(dir.resolve("out.pcap"), true);
        assertThat(after).hasSameSizeAs(before);
        Map<String, Integer> publicPort = new HashMap<>();
        for (int i = 0; i < before.size(); i++) {
            Seen was = before.get(i);
            Seen is = after.get(i);
            assertThat(is.nanos()).isEqualTo(was.nanos());
            assertThat(is.ipChecksumOk()).as("IP checksum of packet %d", i).isTrue();
            assertThat(is.l4ChecksumOk()).as("transport checksum of packet %d", i).isTrue();
            assertThat(is.ipid()).isEqualTo(was.ipid());
            boolean out = isInside(was.src()) && !isInside(was.dst());
            boolean back = isInside(was.dst()) && !isInside(was.src());
            if (!out && !back) {
                assertThat(is.frame()).as("packet %d untouched", i).isEqualTo(was.frame());
                continue;
            }
            assertThat(out ? is.src() : is.dst()).isEqualTo(PUBLIC);
            assertThat(out ? is.dst() : is.src()).isEqualTo(out ? was.dst() : was.src());
            String flow = (out ? was.src() + ":" + was.sport() + ">" + was.dst() + ":" + was.dport()
                    : was.dst() + ":" + was.dport() + ">" + was.src() + ":" + was.sport()) + "/" + was.proto();
            int port = out ? is.sport() : is.dport();
            assertThat(publicPort.computeIfAbsent(flow, k -> port)).as("port of %s", flow).isEqualTo(port);
        }
        assertThat(after.get(7).frame()[FrameWriter.IPV4_L4 + 6]).isZero(); // "no checksum" stays so
        // A came first and kept 40000; B's flow to the same server would have been the same public flow
        assertThat(publicPort.get(A + ":40000>" + WEB + ":80/6")).isEqualTo(40000);
        assertThat(publicPort.get(B + ":40000>" + WEB + ":80/6")).isNotEqualTo(40000);
        assertThat(publicPort.get(C + ":5353>" + DNS + ":53/17")).isEqualTo(5353);
        // one row per public flow, naming the true host; the reply-first flow of B is labelled from its SYN
        assertThat(labels).hasSize(publicPort.size());
        for (NatLabel l : labels) {
            assertThat(Ipv4.parse(l.src().getHostAddress())).isEqualTo(PUBLIC);
            int host = Ipv4.parse(l.host().getHostAddress());
            String flow = host + ":" + "%d>" + Ipv4.parse(l.dst().getHostAddress()) + ":" + l.dport() + "/" + l.proto();
            assertThat(publicPort.entrySet()).anyMatch(e -> e.getValue() == l.sport()
                    && e.getKey().startsWith(host + ":") && e.getKey().endsWith(flow.substring(flow.indexOf('>'))));
        }
        assertThat(labels.getFirst().firstMicros()).isEqualTo(T0 / 1000);
    }

    @Test
    void remappingDrawsNewPortsConsistentlyPerFlow() throws IOException {
        Path in = capture();
        List<NatLabel> labels = natify(in, dir.resolve("out.pcap"), dir.resolve("l.csv"), true);
        List<Seen> before = Seen.read(in);
        List<Seen> after = Seen.read(dir.resolve("out.pcap"));
        Map<String, Integer> ports = new HashMap<>();
        for (int i = 0; i < before.size(); i++) {
            Seen was = before.get(i);
            Seen is = after.get(i);
            assertThat(is.l4ChecksumOk() && is.ipChecksumOk()).isTrue();
            if (isInside(was.src()) != isInside(was.dst())) {
                boolean out = isInside(was.src());
                String key = (out ? was.src() + ":" + was.sport() : was.dst() + ":" + was.dport()) + "/" + was.proto();
                int port = out ? is.sport() : is.dport();
                assertThat(ports.computeIfAbsent(key, k -> port)).isEqualTo(port);
                assertThat(port).isNotEqualTo(out ? was.sport() : was.dport());
            }
        }
        assertThat(labels).hasSize(ports.size());
        assertThat(labels).extracting(NatLabel::sport).containsExactlyInAnyOrderElementsOf(ports.values());
    }

    private static boolean isInside(int address) {
        return address == A || address == B || address == C;
    }
}
