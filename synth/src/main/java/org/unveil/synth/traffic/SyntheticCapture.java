package org.unveil.synth.traffic;

import java.io.IOException;
import java.io.OutputStream;
import java.io.Writer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;
import java.util.SplittableRandom;
import org.unveil.capture.LinkType;
import org.unveil.capture.Packet;
import org.unveil.capture.PacketWriter;
import org.unveil.capture.pcap.PcapWriter;
import org.unveil.generator.frame.FrameWriter;
import org.unveil.generator.stack.PortAllocator;
import org.unveil.labels.LabelCsv;
import org.unveil.labels.NatLabel;
import org.unveil.synth.model.HostProfile;
import org.unveil.synth.model.Ipv4;
import org.unveil.synth.model.NatModel;
import org.unveil.synth.model.PathModel;

/**
 * Generates a labelled synthetic capture from a {@link Scenario}: hosts behind an optional NAT talking to
 * servers, written to pcap in capture order while the NAT labels are written as each public flow first appears.
 * Events (connection starts, next packets) run in order of sending from one priority queue; what is pending
 * is bounded by the connections alive at once, so memory does not grow with the capture's size or duration.
 */
public final class SyntheticCapture {
    /** Delay from an inside host through the NAT to the capture point. */
    static final long LAN_NANOS = 300_000;
    static final int FILLER_MASK = (1 << 16) - 1;
    /** The largest frame a synthetic capture holds: a full 1500-byte IP packet and its Ethernet header. */
    static final int MAX_FRAME = 1514;
    private static final long GATEWAY_MAC = 0x0200_00C0_0002L;
    private static final long UPSTREAM_MAC = 0x0200_00C6_3364L;
    private static final int PCAP_FILE_HEADER = 24;
    private static final int PCAP_RECORD_HEADER = 16;

    /** What a run wrote. */
    public record Result(long packets, long bytes, long flows, long lost, int peakPending, long endNanos) {
    }

    final SplittableRandom rng;
    final FrameWriter frame = new FrameWriter();
    final List<Server> servers;
    final Server resolver;
    final byte[] filler = new byte[FILLER_MASK + 1 + MAX_FRAME];
    private final Scenario scenario;
    private final PathModel path;
    private final NatModel nat;
    private final NatPorts natPorts;
    private final List<Endpoint> hosts = new ArrayList<>();
    private final PriorityQueue<Event> events = new PriorityQueue<>(
            Comparator.comparingLong((Event e) -> e.time).thenComparingLong(e -> e.order));
    private final PacketQueue queue = new PacketQueue();
    final int maxResponseBytes;
    private long eventOrder;
    private long lost;

    public SyntheticCapture(Scenario scenario) {
        this.scenario = scenario;
        this.rng = new SplittableRandom(scenario.seed());
        this.path = scenario.path();
        this.nat = scenario.nat();
        this.natPorts = new NatPorts(nat);
        this.maxResponseBytes = scenario.maxResponseBytes();
        List<HostProfile> profiles = scenario.hosts();
        List<HostProfile> serverProfiles = Servers.profiles(new SplittableRandom(scenario.seed() ^ 0x5EED));
        int peers = nat.mode() == NatModel.Mode.NONE ? profiles.size() : 1;
        this.servers = new ArrayList<>();
        for (int i = 0; i < Servers.NAMES.size(); i++) {
            servers.add(new Server(Servers.NAMES.get(i), new Endpoint(serverProfiles.get(i), i, peers,
                    scenario.startNanos()), Servers.rttNanos(i), Servers.hops(i)));
        }
        int r = Servers.NAMES.size();
        this.resolver = new Server("resolver.example.net", new Endpoint(serverProfiles.get(r), r, peers,
                scenario.startNanos()), Servers.rttNanos(r), Servers.hops(r));
        for (int i = 0; i < profiles.size(); i++) {
            hosts.add(new Endpoint(profiles.get(i), i, servers.size() + 1, scenario.startNanos()));
        }
        rng.nextBytes(filler);
    }

    /** The servers' profiles, in the order of {@link Servers#NAMES} and then the resolver, for the hosts CSV. */
    public List<HostProfile> serverProfiles() {
        List<HostProfile> out = new ArrayList<>();
        servers.forEach(s -> out.add(s.endpoint.profile));
        out.add(resolver.endpoint.profile);
        return out;
    }

    /** Writes the capture as pcap, and its labels (header included). */
    public Result run(OutputStream pcapOut, Writer labels) throws IOException {
        return run(new PcapWriter(pcapOut, LinkType.ETHERNET, 65535), labels);
    }

    /**
     * Writes the capture through {@code capture} (pcap or pcapng; --size counts the bytes it would take as pcap),
     * and its labels (header included).
     */
    public Result run(PacketWriter capture, Writer labels) throws IOException {
        long end = scenario.endNanos();
        for (Endpoint h : hosts) {
            double gap = 1e9 / scenario.connectionsPerSecond();
            schedule(new HostActivity(h, scenario.startNanos() + (long) (rng.nextDouble() * gap),
                    scenario.connectionsPerSecond(), end));
        }
        LabelCsv.writeNatHeader(labels);
        Output out = new Output(capture, labels, scenario.maxBytes());
        boolean room = true;
        long now = scenario.startNanos();
        while (room && !events.isEmpty()) {
            Event e = events.poll();
            if (e.time > end) {
                break;
            }
            now = e.time;
            room = queue.flush(now, out);
            if (room && e.fire(this)) {
                schedule(e);
            }
        }
        if (room) {
            queue.flush(end, out);
        }
        out.pcap.close();
        labels.flush();
        return new Result(out.packets, out.bytes, out.flows, lost, queue.peak(), now);
    }

    private void schedule(Event e) {
        e.order = eventOrder++;
        events.add(e);
    }

    void start(Flow flow, long at) {
        flow.time = at;
        schedule(flow);
    }

    TcpConversation tcp(Endpoint host, Server server, boolean tls) {
        return new TcpConversation(this, host, server, tls);
    }

    /** Gives a TCP flow its source port from the host's allocator, and its public address and port. */
    void connect(TcpConversation c) {
        c.insidePort = c.host.lastPort = c.host.profile.ports().next(c.host.lastPort, rng);
        translate(c);
    }

    DnsExchange dns(Endpoint host, Server target) {
        DnsExchange d = new DnsExchange(host, resolver, target, rng.nextInt(65536),
                new int[] {rng.nextInt(65536), rng.nextInt(65536)});
        d.insidePort = PortAllocator.DNS_QUERY.next(0, rng);
        translate(d);
        return d;
    }

    private void translate(Flow f) {
        f.publicAddress = nat.mode() == NatModel.Mode.NONE ? f.host.address : nat.publicAddress();
        f.publicPort = natPorts.take(f.proto, f.insidePort, rng);
    }

    void release(Flow f) {
        natPorts.release(f.proto, f.publicPort);
    }

    /** Which per-destination counter of {@code host} a packet to {@code server} uses. */
    int hostPeer(Server server) {
        return server == resolver ? servers.size() : server.endpoint.index;
    }

    /** Which per-destination counter of a server answers this flow: behind a NAT every host is one destination. */
    int serverPeer(Flow f) {
        return nat.mode() == NatModel.Mode.NONE ? f.host.index : 0;
    }

    /** The IP header of a packet from the host, as it leaves the NAT (one hop: TTL less one). */
    void clientIp(Flow f, int ipid, boolean dontFragment, int proto) {
        frame.ethernet(UPSTREAM_MAC, GATEWAY_MAC, -1, false);
        frame.ipv4(f.publicAddress, f.server.endpoint.address, f.host.profile.syn().ttl() - 1, ipid, proto,
                dontFragment);
    }

    void serverIp(Flow f, int ipid, boolean dontFragment, int proto) {
        frame.ethernet(GATEWAY_MAC, UPSTREAM_MAC, -1, false);
        frame.ipv4(f.server.endpoint.address, f.publicAddress, f.server.ttl, ipid, proto, dontFragment);
    }

    /**
     * Sends the frame just built, as sent at {@code sendNanos}: lost with the path's loss rate, else queued for
     * the time the capture point sees it.
     *
     * @return false if it was lost
     */
    boolean send(Flow f, boolean fromServer, long sendNanos, int length) {
        if (path.loss() > 0 && rng.nextDouble() < path.loss()) {
            lost++;
            return false;
        }
        long delay = fromServer ? f.server.halfRttNanos : LAN_NANOS;
        if (path.jitterMicros() > 0) {
            delay += rng.nextLong(path.jitterMicros() + 1L) * 1000;
        }
        if (path.reorder() > 0 && rng.nextDouble() < path.reorder()) {
            delay += 1_000_000 + rng.nextLong(4_000_000);
        }
        queue.add(sendNanos + delay, frame.frame, length, f);
        return true;
    }

    /** Writes packets to the pcap and each flow's label with its first packet, up to the size limit. */
    private static final class Output implements PacketQueue.Sink {
        private final PacketWriter pcap;
        private final Writer labels;
        private final long maxBytes;
        private final Packet packet = new Packet();
        private long bytes = PCAP_FILE_HEADER;
        private long packets;
        private long flows;

        Output(PacketWriter pcap, Writer labels, long maxBytes) {
            this.pcap = pcap;
            this.labels = labels;
            this.maxBytes = maxBytes;
        }

        @Override
        public boolean write(PacketQueue.Slot s) throws IOException {
            if (maxBytes > 0 && bytes + PCAP_RECORD_HEADER + s.length > maxBytes) {
                return false;
            }
            Flow f = s.flow;
            if (!f.labelled) {
                f.labelled = true;
                flows++;
                LabelCsv.write(labels, new NatLabel(Math.floorDiv(s.time, 1000), f.proto, Ipv4.inet(f.publicAddress),
                        f.publicPort, Ipv4.inet(f.server.endpoint.address), f.serverPort, Ipv4.inet(f.host.address)));
            }
            packet.set(++packets, s.time, LinkType.ETHERNET, 0, bytes, s.segment, 0, s.length, s.length);
            pcap.write(packet);
            bytes += PCAP_RECORD_HEADER + s.length;
            return true;
        }
    }
}
