package org.unveil.trace;

import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.lang.foreign.MemorySegment;
import org.unveil.capture.Packet;
import org.unveil.capture.decode.TcpHeader;
import org.unveil.capture.decode.PacketLayers;
import org.unveil.capture.flow.FlowKey;
import org.unveil.capture.flow.FlowTable;

/**
 * Follows every connection of a packet stream and marks those a {@link TraceQuery} matches. One pass finds
 * them; a second pass over the same packets can then pick out all of their packets ({@link #matched}),
 * because the flow table numbers flows by first appearance.
 */
public final class ConnectionTracer {
    private final TraceQuery query;
    private final FlowTable flows = new FlowTable();
    private final PayloadText text = new PayloadText();
    private final byte[] address;
    private long[] first = new long[1024];
    private long[] last = new long[1024];
    private long[] packets = new long[1024];
    private long[] bytes = new long[1024];
    private boolean[] matched = new boolean[1024];
    private final Map<Integer, String> lines = new HashMap<>();
    /** Heads being rebuilt, by 2 × flow + direction (0 client → server, 1 back). */
    private final Map<Long, HeadAssembler> heads = new HashMap<>();

    public ConnectionTracer(TraceQuery query) {
        this.query = query;
        this.address = query.kind() == TraceQuery.Kind.ADDRESS ? literal(query.address()) : null;
    }

    private static byte[] literal(String address) {
        try {
            return InetAddress.ofLiteral(address).getAddress();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("'" + address + "' is not an IP address");
        }
    }

    /** Books one decoded packet; returns its flow number, or -1 for a packet without an IP header. */
    public int add(Packet packet, PacketLayers layers) {
        int flow = flows.flowOf(layers);
        if (flow < 0) {
            return -1;
        }
        if (flow >= first.length) {
            grow();
        }
        if (packets[flow]++ == 0) {
            first[flow] = packet.timestampNanos();
        }
        last[flow] = packet.timestampNanos();
        bytes[flow] += packet.originalLength();
        if (!matched[flow] && (matches(layers, flow) || matchesReassembled(layers, flow))) {
            matched[flow] = true;
            heads.remove(2L * flow);
            heads.remove(2L * flow + 1);
        }
        return flow;
    }

    private boolean matches(PacketLayers layers, int flow) {
        if (address != null) {
            return addressMatches(layers);
        }
        if (layers.payloadLength() == 0 || !(layers.hasTcp() || layers.hasUdp())) {
            return false;
        }
        if (query.kind() != TraceQuery.Kind.PAYLOAD && layers.http() == null) {
            return false; // header fields live in message heads only; most segments are not one
        }
        String line = query.find(text.wrap(layers.segment(), layers.payloadOffset(), layers.payloadLength()));
        if (line != null) {
            lines.put(flow, line);
        }
        return line != null;
    }

    /**
     * Searches the rebuilt start of each direction, for heads split across segments. Only directions whose
     * first data starts like an HTTP message get an assembler, and it is dropped once the head is complete,
     * the window full or the connection closing, so memory follows open HTTP heads, not connections.
     */
    private boolean matchesReassembled(PacketLayers layers, int flow) {
        if (address != null || !layers.hasTcp()) {
            return false;
        }
        long direction = 2L * flow + (flows.lastSenderIsClient() ? 0 : 1);
        TcpHeader tcp = layers.tcp();
        HeadAssembler head = heads.get(direction);
        if (head == null) {
            if (tcp.has(TcpHeader.SYN) || layers.payloadLength() == 0 || layers.http() == null
                    || layers.http().isComplete()) {
                return false; // a head complete in one segment was searched as it is
            }
            head = new HeadAssembler();
            heads.put(direction, head);
        }
        boolean grew = head.add(tcp.sequence(), layers.segment(), layers.payloadOffset(), layers.payloadLength());
        String line = null;
        if (grew) {
            MemorySegment prefix = head.prefix();
            line = query.find(text.wrap(prefix, 0, head.length()));
        }
        if (head.done() || tcp.has(TcpHeader.FIN | TcpHeader.RST)) {
            heads.remove(direction);
        }
        if (line != null) {
            lines.put(flow, line);
        }
        return line != null;
    }

    private boolean addressMatches(PacketLayers layers) {
        if (address.length == 4 && layers.ipVersion() == 4) {
            int a = ByteBuffer.wrap(address).getInt();
            return layers.ipv4().source() == a || layers.ipv4().destination() == a;
        }
        if (address.length == 16 && layers.ipVersion() == 6) {
            ByteBuffer b = ByteBuffer.wrap(address);
            long high = b.getLong();
            long low = b.getLong();
            return (layers.ipv6().sourceHigh() == high && layers.ipv6().sourceLow() == low)
                    || (layers.ipv6().destinationHigh() == high && layers.ipv6().destinationLow() == low);
        }
        return false;
    }

    /** Whether flow {@code flow} matched (for picking out its packets in a second pass). */
    public boolean matched(int flow) {
        return flow >= 0 && flow < matched.length && matched[flow];
    }

    /** The flow number of a decoded packet seen before (second pass), or -1. */
    public int flowOf(PacketLayers layers) {
        return flows.flowOf(layers);
    }

    /** The matching connections, in order of first appearance. */
    public List<TracedConnection> matches() {
        List<TracedConnection> out = new ArrayList<>();
        for (int flow = 0; flow < flows.size(); flow++) {
            if (!matched[flow]) {
                continue;
            }
            FlowKey key = flows.key(flow);
            boolean aIsClient = flows.clientIsA(flow);
            out.add(new TracedConnection(key.protocol(), aIsClient ? key.addressA() : key.addressB(),
                    aIsClient ? key.portA() : key.portB(), aIsClient ? key.addressB() : key.addressA(),
                    aIsClient ? key.portB() : key.portA(), first[flow], last[flow], packets[flow], bytes[flow],
                    lines.get(flow)));
        }
        return out;
    }

    private void grow() {
        int n = first.length * 2;
        first = Arrays.copyOf(first, n);
        last = Arrays.copyOf(last, n);
        packets = Arrays.copyOf(packets, n);
        bytes = Arrays.copyOf(bytes, n);
        matched = Arrays.copyOf(matched, n);
    }
}
