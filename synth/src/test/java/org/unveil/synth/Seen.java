package org.unveil.synth;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.unveil.capture.CaptureReader;
import org.unveil.capture.Captures;
import org.unveil.capture.Packet;
import org.unveil.capture.decode.HttpHeader;
import org.unveil.capture.decode.PacketDecoder;
import org.unveil.capture.decode.PacketLayers;
import org.unveil.capture.decode.TcpHeader;

/**
 * One IPv4 packet of a capture as the capture module's reader and decoders see it, with its checksums verified
 * by this class's own RFC 1071 sum (not the generator's), so tests judge the output, not the code that made it.
 */
public record Seen(long number, long nanos, int src, int dst, int proto, int sport, int dport, int ipid, int ttl,
        int tcpFlags, int window, int mss, int windowScale, int[] optionKinds, boolean hasTs, long tsval, long tsecr,
        int payload, boolean ipChecksumOk, boolean l4ChecksumOk, String sni, String userAgent, byte[] frame) {

    public boolean from(int address) {
        return src == address;
    }

    public boolean syn() {
        return (tcpFlags & TcpHeader.SYN) != 0 && (tcpFlags & TcpHeader.ACK) == 0;
    }

    /** Every IPv4 packet of {@code file}, in capture order, without a copy of its bytes. */
    public static List<Seen> read(Path file) throws IOException {
        return read(file, false);
    }

    /** Every IPv4 packet of {@code file}, in capture order; {@code keepFrames} keeps each one's bytes. */
    public static List<Seen> read(Path file, boolean keepFrames) throws IOException {
        List<Seen> out = new ArrayList<>();
        Packet p = new Packet();
        PacketLayers layers = new PacketLayers();
        try (CaptureReader reader = Captures.open(file.toString(), problem -> {
            throw new AssertionError("damage in " + file + ": " + problem);
        })) {
            while (reader.next(p)) {
                PacketDecoder.decode(p, layers);
                if (layers.ipVersion() != 4) {
                    continue;
                }
                byte[] frame = p.copyBytes();
                var ip = layers.ipv4();
                int ipAt = (int) (ip.offset() - p.offset());
                int l4At = ipAt + ip.headerLength();
                int l4Length = ip.totalLength() - ip.headerLength();
                boolean ipOk = fold(sum(frame, ipAt, ip.headerLength())) == 0xFFFF;
                long pseudo = sum(frame, ipAt + 12, 8) + ip.protocol() + l4Length;
                boolean l4Ok = true;
                if (layers.hasTcp() || layers.hasUdp()) {
                    boolean noUdpChecksum = layers.hasUdp() && layers.udp().checksum() == 0;
                    l4Ok = noUdpChecksum || fold(pseudo + sum(frame, l4At, l4Length)) == 0xFFFF;
                }
                String sni = null;
                String ua = null;
                if (layers.payloadLength() > 0) {
                    var hello = layers.tlsClientHello();
                    sni = hello != null ? hello.serverName() : null;
                    var http = layers.http();
                    ua = http != null && http.isRequest() ? http.value(HttpHeader.USER_AGENT) : null;
                }
                if (layers.hasTcp()) {
                    TcpHeader t = layers.tcp();
                    int[] kinds = new int[t.optionCount()];
                    for (int i = 0; i < kinds.length; i++) {
                        kinds[i] = t.optionKind(i);
                    }
                    out.add(new Seen(p.number(), p.timestampNanos(), ip.source(), ip.destination(), 6, t.sourcePort(),
                            t.destinationPort(), ip.identification(), ip.ttl(), t.flags(), t.window(), t.mss(),
                            t.windowScale(), kinds, t.hasTimestamps(), t.tsval(), t.tsecr(), layers.payloadLength(),
                            ipOk, l4Ok, sni, ua, keepFrames ? frame : null));
                } else if (layers.hasUdp()) {
                    var u = layers.udp();
                    out.add(new Seen(p.number(), p.timestampNanos(), ip.source(), ip.destination(), 17, u.sourcePort(),
                            u.destinationPort(), ip.identification(), ip.ttl(), 0, 0, -1, -1, new int[0], false, 0, 0,
                            layers.payloadLength(), ipOk, l4Ok, null, null, keepFrames ? frame : null));
                } else {
                    out.add(new Seen(p.number(), p.timestampNanos(), ip.source(), ip.destination(), ip.protocol(), 0,
                            0, ip.identification(), ip.ttl(), 0, 0, -1, -1, new int[0], false, 0, 0,
                            layers.payloadLength(), ipOk, l4Ok, null, null, keepFrames ? frame : null));
                }
            }
        }
        return out;
    }

    /** The plain textbook sum of 16-bit big-endian words, odd byte padded. */
    static long sum(byte[] b, int at, int length) {
        long s = 0;
        for (int i = 0; i < length; i += 2) {
            int hi = b[at + i] & 0xFF;
            int lo = i + 1 < length ? b[at + i + 1] & 0xFF : 0;
            s += hi << 8 | lo;
        }
        return s;
    }

    static int fold(long s) {
        while (s > 0xFFFF) {
            s = (s & 0xFFFF) + (s >>> 16);
        }
        return (int) s;
    }
}
