package org.unveil.trace;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.unveil.capture.LinkType;
import org.unveil.capture.Packet;
import org.unveil.capture.pcap.PcapWriter;

/** Writes small Ethernet/IPv4/TCP captures for trace tests: handshakes, then requests in one or more segments. */
final class TraceCapture implements AutoCloseable {
    private final OutputStream out;
    private final PcapWriter pcap;
    private long nanos = 1_700_000_000_000_000_000L;

    TraceCapture(Path file) throws IOException {
        out = Files.newOutputStream(file);
        pcap = new PcapWriter(out, LinkType.ETHERNET, 65535);
    }

    /** One connection from 10.0.0.{host}:{port} to 192.0.2.80:{serverPort}: handshake, the client's segments, FIN. */
    void connection(int host, int port, int serverPort, String... clientSegments) throws IOException {
        long seq = 1000L * host + port;
        long ack = 5000;
        write(host, port, serverPort, true, seq, 0, 0x02, "");
        write(host, port, serverPort, false, ack, seq + 1, 0x12, "");
        seq++;
        ack++;
        for (String data : clientSegments) {
            write(host, port, serverPort, true, seq, ack, 0x18, data);
            seq += data.length();
            write(host, port, serverPort, false, ack, seq, 0x10, "");
        }
        String response = "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n";
        write(host, port, serverPort, false, ack, seq, 0x18, response);
        ack += response.length();
        write(host, port, serverPort, true, seq, ack, 0x11, "");
    }

    private void write(int host, int port, int serverPort, boolean toServer, long seq, long ack, int flags,
            String payload) throws IOException {
        byte[] data = payload.getBytes(StandardCharsets.ISO_8859_1);
        byte[] p = new byte[14 + 40 + data.length];
        p[12] = 0x08;
        p[14] = 0x45;
        int ipLength = 40 + data.length;
        p[16] = (byte) (ipLength >> 8);
        p[17] = (byte) ipLength;
        p[22] = 64;
        p[23] = 6;
        byte[] client = {10, 0, 0, (byte) host};
        byte[] server = {(byte) 192, 0, 2, 80};
        System.arraycopy(toServer ? client : server, 0, p, 26, 4);
        System.arraycopy(toServer ? server : client, 0, p, 30, 4);
        int checksum = ipv4Checksum(p);
        p[24] = (byte) (checksum >> 8);
        p[25] = (byte) checksum;
        int from = toServer ? port : serverPort;
        int to = toServer ? serverPort : port;
        p[34] = (byte) (from >> 8);
        p[35] = (byte) from;
        p[36] = (byte) (to >> 8);
        p[37] = (byte) to;
        for (int i = 0; i < 4; i++) {
            p[38 + i] = (byte) (seq >> (24 - 8 * i));
            p[42 + i] = (byte) (ack >> (24 - 8 * i));
        }
        p[46] = 0x50;
        p[47] = (byte) flags;
        p[48] = (byte) 0xFF;
        p[49] = (byte) 0xFF;
        System.arraycopy(data, 0, p, 54, data.length);
        nanos += 1_000_000;
        pcap.write(Packet.of(LinkType.ETHERNET, nanos, p));
    }

    private static int ipv4Checksum(byte[] p) {
        int sum = 0;
        for (int i = 14; i < 34; i += 2) {
            sum += ((p[i] & 0xFF) << 8) | (p[i + 1] & 0xFF);
        }
        while (sum > 0xFFFF) {
            sum = (sum & 0xFFFF) + (sum >>> 16);
        }
        return ~sum & 0xFFFF;
    }

    @Override
    public void close() throws IOException {
        pcap.close();
        out.close();
    }
}
