package org.unveil.trace;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.unveil.capture.LinkType;
import org.unveil.capture.Packet;
import org.unveil.capture.TestPackets;
import org.unveil.capture.decode.InternetChecksum;
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
        String client = "10.0.0." + host;
        String server = "192.0.2.80";
        byte[] tcp = TestPackets.tcp().ports(toServer ? port : serverPort, toServer ? serverPort : port)
                .sequence(seq).acknowledgment(ack).flags(flags).payload(payload).build();
        byte[] ip = TestPackets.ipv4().source(toServer ? client : server).destination(toServer ? server : client)
                .build(tcp);
        // tshark reads these captures too: give the IP header its checksum, as a real stack would
        int checksum = InternetChecksum.finish(InternetChecksum.sum(ip, 0, 20));
        ip[10] = (byte) (checksum >> 8);
        ip[11] = (byte) checksum;
        nanos += 1_000_000;
        pcap.write(Packet.of(LinkType.ETHERNET, nanos, TestPackets.ethernet(TestPackets.ETHERTYPE_IPV4, ip)));
    }

    @Override
    public void close() throws IOException {
        pcap.close();
        out.close();
    }
}
