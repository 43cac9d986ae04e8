package org.unveil.plot.hosts;

import static org.unveil.capture.TestPackets.ipv4;
import static org.unveil.capture.TestPackets.tcp;
import static org.unveil.capture.TestPackets.udp;

import java.util.ArrayList;
import java.util.List;
import org.unveil.capture.LinkType;
import org.unveil.capture.Packet;
import org.unveil.capture.TestPackets;
import org.unveil.capture.decode.PacketDecoder;
import org.unveil.capture.decode.PacketLayers;
import org.unveil.capture.decode.TcpHeader;

/** Hand-built raw IPv4 packets, one millisecond apart, in the order they are added; the tests know each one. */
final class Traffic {
    static final long T0 = 1_700_000_000_000_000_000L;

    final List<Packet> packets = new ArrayList<>();

    /** A client's TCP segment; a timestamp option when tsval is not negative, a SYN when syn. */
    Traffic tcpFrom(String client, int sport, String server, int dport, int ipid, long tsval, boolean syn,
            String payload) {
        TestPackets.Tcp t = tcp().ports(sport, dport).sequence(1000).flags(syn ? TcpHeader.SYN : TcpHeader.ACK)
                .window(502);
        if (tsval >= 0) {
            t.timestamps(tsval, 0);
        }
        if (payload != null) {
            t.payload(payload);
        }
        return add(ipv4().source(client).destination(server).id(ipid).ttl(63).build(t.build()));
    }

    /** The server's answer on a TCP flow: never a point, the server is not behind the address. */
    Traffic tcpTo(String client, int sport, String server, int dport) {
        return add(ipv4().source(server).destination(client).id(7).ttl(50)
                .build(tcp().ports(dport, sport).flags(TcpHeader.ACK).build()));
    }

    Traffic udpFrom(String client, int sport, String server, int dport, int ipid) {
        return add(ipv4().source(client).destination(server).id(ipid).ttl(63).protocol(TestPackets.UDP)
                .build(udp().ports(sport, dport).build(new byte[8])));
    }

    private Traffic add(byte[] ip) {
        packets.add(Packet.of(LinkType.RAW, T0 + packets.size() * 1_000_000L, ip));
        return this;
    }

    /** Every packet through the sink, as a capture pass would. */
    PacketPoints feed(PacketPoints points) {
        PacketLayers layers = new PacketLayers();
        for (Packet p : packets) {
            points.add(p, PacketDecoder.decode(p, layers));
        }
        return points;
    }
}
