package org.unveil.hosts;

import static org.unveil.capture.TestPackets.ipv4;
import static org.unveil.capture.TestPackets.tcp;
import static org.unveil.capture.TestPackets.udp;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.unveil.capture.LinkType;
import org.unveil.capture.Packet;
import org.unveil.capture.TestPackets;
import org.unveil.capture.decode.InternetChecksum;
import org.unveil.capture.decode.PacketDecoder;
import org.unveil.capture.decode.PacketLayers;
import org.unveil.capture.decode.TcpHeader;

/**
 * A test host behind a NAT, with a stack modelled on a real one, that writes the packets of whole TCP
 * connections as seen outside (source already rewritten to the public address). The tests know which host
 * made which connection because they made it: that is the ground truth.
 */
final class InsideHost {
    static final String PUBLIC = "192.0.2.1";

    /** The evidence of packets the hosts wrote, booked in time order as a capture would hold them. */
    static List<FlowEvidence> evidenceOf(List<Packet> packets) {
        List<Packet> inTime = new ArrayList<>(packets);
        inTime.sort(Comparator.comparingLong(Packet::timestampNanos));
        EvidenceCollector collector = new EvidenceCollector();
        PacketLayers layers = new PacketLayers();
        for (Packet p : inTime) {
            collector.add(p, PacketDecoder.decode(p, layers));
        }
        return collector.flows();
    }

    enum Stack {
        /** Linux 5.x+: TTL 64, SYN MSTNW with 64240, TS at 1000 Hz offset per destination, IPID per connection. */
        LINUX,
        /** Linux 4.10: as LINUX, but a random TS offset per connection (the hashed ports changed it each time). */
        LINUX_4_10,
        /** Windows 10/11: TTL 128, SYN MNWNNS, no timestamps, one IPID counter per destination, sequential ports. */
        WINDOWS
    }

    final String name;
    final Stack stack;
    final String userAgent;
    private final Random random;
    private final Map<String, Long> clockOffset = new HashMap<>();
    private final Map<String, Integer> ipidByDestination = new HashMap<>();
    private final double skew;
    private int nextPort;
    private boolean portsRandomised;
    private boolean ipidsSwapped;

    InsideHost(String name, Stack stack, String userAgent, long seed, double skewPpm) {
        this.name = name;
        this.stack = stack;
        this.userAgent = userAgent;
        this.random = new Random(seed);
        this.skew = skewPpm * 1e-6;
        this.nextPort = 49152 + random.nextInt(10000);
    }

    /** As behind a NAT that maps every connection to a random port: no port sequence is left. */
    InsideHost randomisedPorts() {
        portsRandomised = true;
        return this;
    }

    /** As Windows before Vista: the IPID counter written in the host's (little-endian) byte order. */
    InsideHost swappedIpids() {
        ipidsSwapped = true;
        return this;
    }

    /** The identification field as written on the wire. */
    private int wire(int ipid) {
        int id = ipid & 0xFFFF;
        return ipidsSwapped ? (id & 0xFF) << 8 | id >>> 8 : id;
    }

    /**
     * Two exchanges with one destination opened a quarter millisecond apart, as browsers open them (Windows): they
     * take turns at the destination's IPID counter in the order their packets leave, so their values interleave.
     */
    void connectTogether(List<Packet> out, String server, long startNanos) {
        int counter = ipidByDestination.computeIfAbsent(server, s -> random.nextInt(65536));
        List<Packet> both = new ArrayList<>();
        connect(both, server, startNanos);
        connect(both, server, startNanos + 250_000);
        both.sort(Comparator.comparingLong(Packet::timestampNanos));
        for (Packet p : both) {
            byte[] ip = p.copyBytes();
            if ((ip[12] & 0xFF) == 192 && ip[13] == 0 && ip[14] == 2 && ip[15] == 1) { // from PUBLIC: the host's
                int id = wire(counter++);
                ip[4] = (byte) (id >>> 8);
                ip[5] = (byte) id;
                ip[10] = 0;
                ip[11] = 0;
                int sum = InternetChecksum.finish(InternetChecksum.sum(ip, 0, (ip[0] & 0x0F) * 4));
                ip[10] = (byte) (sum >>> 8);
                ip[11] = (byte) sum;
            }
            out.add(Packet.of(LinkType.RAW, p.timestampNanos(), ip));
        }
        ipidByDestination.put(server, counter);
    }

    /** A short HTTP exchange: SYN, request, ACKs, FIN; the server's packets too, as a capture has them. */
    void connect(List<Packet> out, String server, long startNanos) {
        if (stack == Stack.LINUX_4_10) {
            clockOffset.remove(server);
        }
        int port = stack == Stack.WINDOWS && !portsRandomised ? nextPort++ : 32768 + random.nextInt(28000);
        int ipid = stack == Stack.WINDOWS
                ? ipidByDestination.computeIfAbsent(server, s -> random.nextInt(65536))
                : random.nextInt(65536);
        long isn = random.nextInt() & 0xFFFFFFFFL;
        long t = startNanos;
        String request = "GET /" + random.nextInt(1000) + " HTTP/1.1\r\nHost: shop\r\nUser-Agent: " + userAgent + "\r\n\r\n";
        int[] flags = {TcpHeader.SYN, TcpHeader.ACK, TcpHeader.ACK | TcpHeader.PSH, TcpHeader.ACK,
            TcpHeader.ACK | TcpHeader.FIN};
        for (int i = 0; i < flags.length; i++) {
            TestPackets.Tcp segment = tcp().ports(port, 80).sequence(isn + i).flags(flags[i]);
            if (flags[i] == TcpHeader.SYN) {
                if (stack != Stack.WINDOWS) {
                    segment.window(64240).mss(1460).sackPermitted().timestamps(tsval(server, t), 0).nop().windowScale(7);
                } else {
                    segment.window(64240).mss(1460).nop().windowScale(8).nop().nop().sackPermitted();
                }
            } else {
                segment.window(502);
                if (stack != Stack.WINDOWS) {
                    segment.timestamps(tsval(server, t), 1);
                }
            }
            if (i == 2) {
                segment.payload(request);
            }
            byte[] ip = ipv4().source(PUBLIC).destination(server).ttl(stack == Stack.WINDOWS ? 127 : 63).id(wire(ipid))
                    .df().build(segment.build());
            ipid++;
            out.add(Packet.of(LinkType.RAW, t, ip));
            if (i == 0) {
                byte[] synAck = ipv4().source(server).destination(PUBLIC).ttl(60).build(
                        tcp().ports(80, port).sequence(7).acknowledgment(isn + 1).flags(TcpHeader.SYN | TcpHeader.ACK)
                                .mss(1460).build());
                out.add(Packet.of(LinkType.RAW, t + 500_000, synAck));
            }
            t += 1_000_000 + random.nextInt(4_000_000);
        }
        if (stack == Stack.WINDOWS) {
            ipidByDestination.put(server, ipid);
        }
    }

    /**
     * Asks {@code resolver} for a name: one query from a random port (as a port-randomising NAT leaves it) and
     * the answer; Windows numbers the query on its counter for the resolver. Returns when the answer arrives.
     */
    long lookup(List<Packet> out, String resolver, long startNanos) {
        int port = 32768 + random.nextInt(28000);
        int ipid = stack == Stack.WINDOWS
                ? ipidByDestination.computeIfAbsent(resolver, s -> random.nextInt(65536))
                : random.nextInt(65536);
        byte[] query = ipv4().source(PUBLIC).destination(resolver).ttl(stack == Stack.WINDOWS ? 127 : 63)
                .id(wire(ipid)).protocol(TestPackets.UDP).build(udp().ports(port, 53).build(new byte[30]));
        out.add(Packet.of(LinkType.RAW, startNanos, query));
        if (stack == Stack.WINDOWS) {
            ipidByDestination.put(resolver, ipid + 1);
        }
        long answered = startNanos + 1_000_000;
        byte[] answer = ipv4().source(resolver).destination(PUBLIC).ttl(60).protocol(TestPackets.UDP)
                .build(udp().ports(53, port).build(new byte[46]));
        out.add(Packet.of(LinkType.RAW, answered, answer));
        return answered;
    }

    /** Linux since 4.10 adds a random offset per (source, destination) pair to a 1 kHz clock with this host's skew. */
    private long tsval(String server, long nanos) {
        long offset = clockOffset.computeIfAbsent(server, s -> random.nextLong() & 0xFFFFFFFFL);
        return (offset + (long) (nanos / 1e6 * (1 + skew))) & 0xFFFFFFFFL;
    }
}
