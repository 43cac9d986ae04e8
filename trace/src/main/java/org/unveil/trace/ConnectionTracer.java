package org.unveil.trace;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import org.unveil.capture.Packet;
import org.unveil.capture.decode.TcpHeader;
import org.unveil.capture.decode.PacketLayers;
import org.unveil.capture.flow.FlowTable;

/**
 * Follows every connection of a packet stream and marks those a {@link TraceQuery} matches, keeping per
 * connection its times, packets and bytes. Past {@code maxFlows} connections at once it writes what it knows to
 * disk and starts afresh ({@link #pieces}), so its memory is bounded by configuration, not by the capture.
 */
public final class ConnectionTracer {
    private static final ValueLayout.OfInt BIG_ENDIAN_INT = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);
    private final TraceQuery query;
    private FlowTable flows;
    private final PayloadText text = new PayloadText();
    private final byte[] address;
    private final int addressV4;
    private final long addressHigh;
    private final long addressLow;
    private long[] first;
    private long[] last;
    private long[] packets;
    private long[] bytes;
    private boolean[] matched;
    /**
     * Per flow, which directions have a head in {@link #heads} (bit 0 client → server, bit 1 back): most
     * segments belong to a direction with none, and are answered here without boxing a key for the map.
     */
    private byte[] headOpen;
    /** File offset of the record whose packet matched: across parts, the earliest match names the line. */
    private long[] matchedAt;
    private Map<Integer, String> lines;
    /** Heads being rebuilt, by 2 × flow + direction (0 client → server, 1 back). */
    private final Map<Long, HeadAssembler> heads = new LinkedHashMap<>();
    private final int maxHeads;
    private long headsDropped;
    /** A necessary condition for the query to match a text, tested eight bytes at a time; null: none. */
    private final ByteSearch[] prefilter;

    private final int fileIndex;
    /** Connections followed at once at most; past that, what is known of them goes to {@link #pieces}. */
    private final int maxFlows;
    /** What was known of each connection at each reset, and at the end: the tracer's result, in key order. */
    private final SortedSpill<ConnectionPiece> pieces;
    private int resets;

    public ConnectionTracer(TraceQuery query) {
        this(query, 0);
    }

    /** @param fileIndex the position of this tracer's input among the files of a run, for merging parts */
    public ConnectionTracer(TraceQuery query, int fileIndex) {
        this(query, fileIndex, Integer.MAX_VALUE, Integer.MAX_VALUE);
    }

    /**
     * @param maxHeads heads rebuilt at once at most; beyond, the oldest is dropped unsearched
     * @param maxFlows connections followed at once (and pieces held) at most: beyond, the tracer writes what it
     *     knows of each to disk and starts afresh, so memory follows this, not the input
     */
    public ConnectionTracer(TraceQuery query, int fileIndex, int maxHeads, int maxFlows) {
        this.maxHeads = maxHeads;
        this.maxFlows = Math.max(1, maxFlows);
        this.pieces = new SortedSpill<>(ConnectionPiece.BY_KEY, ConnectionPiece.CODEC, this.maxFlows);
        forget();
        this.fileIndex = fileIndex;
        this.query = query;
        this.address = query.kind() == TraceQuery.Kind.ADDRESS ? literal(query.address()) : null;
        // read once, not per packet
        ByteBuffer a = address == null ? null : ByteBuffer.wrap(address);
        this.addressV4 = address != null && address.length == 4 ? a.getInt(0) : 0;
        this.addressHigh = address != null && address.length == 16 ? a.getLong(0) : 0;
        this.addressLow = address != null && address.length == 16 ? a.getLong(8) : 0;
        this.prefilter = prefilter(query);
    }

    /**
     * What a text must hold for {@link TraceQuery#find} to succeed: the address in lower or upper case (the
     * test {@link ForwardedHeaders} starts with), or the header name in any ASCII case.
     */
    private static ByteSearch[] prefilter(TraceQuery query) {
        return switch (query.kind()) {
            case FORWARDED_FOR -> {
                String lower = query.address();
                String upper = lower.toUpperCase(Locale.ROOT);
                ByteSearch exact = new ByteSearch(lower.getBytes(StandardCharsets.ISO_8859_1), false);
                yield upper.equals(lower) ? new ByteSearch[] {exact}
                        : new ByteSearch[] {exact, new ByteSearch(upper.getBytes(StandardCharsets.ISO_8859_1), false)};
            }
            case HEADER -> query.headerName().isEmpty() ? null : new ByteSearch[] {
                new ByteSearch(query.headerName().getBytes(StandardCharsets.ISO_8859_1), true)};
            default -> null;
        };
    }

    private static byte[] literal(String address) {
        try {
            return InetAddress.ofLiteral(address).getAddress();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("'" + address + "' is not an IP address");
        }
    }

    /**
     * Books one decoded packet; returns its flow number, or -1 for a packet without an IP header. For an
     * address query, a packet neither from nor to the address is not booked either (-1): every packet of a
     * connection of the address carries it, so the others' connections need no state at all.
     */
    public int add(Packet packet, PacketLayers layers) {
        if (address != null && !addressMatches(layers)) {
            return -1;
        }
        if (flows.size() >= maxFlows && flows.existingFlowOf(layers) < 0) {
            reset();
        }
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
        if (!matched[flow] && (matches(layers, flow) || matchesReassembled(layers, flow, true))) {
            matched(flow, packet);
        }
        return flow;
    }

    private void matched(int flow, Packet packet) {
        matched[flow] = true;
        matchedAt[flow] = packet.fileOffset();
        if (headOpen[flow] != 0) {
            heads.remove(2L * flow);
            heads.remove(2L * flow + 1);
            headOpen[flow] = 0;
        }
    }

    /**
     * Hands what is known of every connection to {@link #pieces} and forgets it, to follow more connections
     * than memory holds: a connection seen again later is a new piece of it, folded in with the others
     * ({@link ParallelTracer}). Heads being rebuilt are dropped unsearched (counted): their segments are gone.
     */
    private void reset() {
        try {
            booked();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        headsDropped += heads.size();
        heads.clear();
        forget();
        resets++;
    }

    /** Starts with no connection: an empty flow table and per-flow columns (at the start and at each reset). */
    private void forget() {
        int n = 1024;
        flows = new FlowTable();
        lines = new HashMap<>();
        first = new long[n];
        last = new long[n];
        packets = new long[n];
        bytes = new long[n];
        matched = new boolean[n];
        headOpen = new byte[n];
        matchedAt = new long[n];
    }

    /** Adds the connections followed now to {@link #pieces}. */
    private void booked() throws IOException {
        for (int flow = 0; flow < flows.size(); flow++) {
            if (packets[flow] > 0 || matched[flow]) {
                pieces.add(new ConnectionPiece(flows.key(flow), resets, first[flow], last[flow], packets[flow],
                        bytes[flow], flows.clientIsA(flow), flows.orientedBySyn(flow), matched[flow], fileIndex,
                        matchedAt[flow], lines.get(flow)));
            }
        }
    }

    /**
     * What this tracer saw, each connection's pieces in key order (then in input order); the tracer is done.
     * The caller closes the spill (its temporary files).
     */
    SortedSpill<ConnectionPiece> pieces() throws IOException {
        booked();
        return pieces;
    }

    /** How many directions have a head still being rebuilt. */
    public int openHeads() {
        return heads.size();
    }

    /**
     * Feeds a packet that lies past the end of this tracer's part (which another tracer counts) to the heads
     * still open here, so a head split across the boundary is searched whole. Counts nothing, adds no flow.
     *
     * @return whether heads remain open (false: looking further ahead is pointless)
     */
    public boolean lookAhead(Packet packet, PacketLayers layers) {
        if (layers.hasTcp()) {
            int flow = flows.existingFlowOf(layers);
            if (flow >= 0 && !matched[flow] && matchesReassembled(layers, flow, false)) {
                matched(flow, packet);
            }
        }
        return !heads.isEmpty();
    }

    private boolean matches(PacketLayers layers, int flow) {
        if (address != null) {
            return addressMatches(layers);
        }
        if (layers.payloadLength() == 0 || !(layers.hasTcp() || layers.hasUdp())) {
            return false;
        }
        if (query.kind() != TraceQuery.Kind.PAYLOAD && !mayStartHttp(layers)) {
            return false; // header fields live in message heads only; most segments are not one
        }
        // the raw bytes first: the address (or header name) is rarer than an HTTP head, and cheaper to look for
        if (!prefilterPasses(layers.segment(), layers.payloadOffset(), layers.payloadLength())) {
            return false;
        }
        if (query.kind() != TraceQuery.Kind.PAYLOAD && layers.http() == null) {
            return false;
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
    private boolean matchesReassembled(PacketLayers layers, int flow, boolean mayStart) {
        if (address != null || !layers.hasTcp()) {
            return false;
        }
        int side = flows.lastSenderIsClient() ? 0 : 1;
        long direction = 2L * flow + side;
        TcpHeader tcp = layers.tcp();
        HeadAssembler head = (headOpen[flow] & (1 << side)) == 0 ? null : heads.get(direction);
        if (head == null) {
            if (!mayStart || tcp.has(TcpHeader.SYN) || layers.payloadLength() == 0 || !mayStartHttp(layers)
                    || endsWithEmptyLine(layers) || layers.http() == null || layers.http().isComplete()) {
                return false; // a head complete in one segment was searched as it is
            }
            if (heads.size() >= maxHeads) {
                // the memory budget: the head opened longest ago goes (insertion order), unsearched
                Iterator<Long> eldest = heads.keySet().iterator();
                long dropped = eldest.next();
                eldest.remove();
                headOpen[(int) (dropped >>> 1)] &= (byte) ~(1 << (dropped & 1));
                headsDropped++;
            }
            head = new HeadAssembler();
            heads.put(direction, head);
            headOpen[flow] |= (byte) (1 << side);
        }
        boolean grew = head.add(tcp.sequence(), layers.segment(), layers.payloadOffset(), layers.payloadLength());
        String line = null;
        if (grew) {
            MemorySegment prefix = head.prefix();
            if (prefilterPasses(prefix, 0, head.length())) {
                line = query.find(text.wrap(prefix, 0, head.length()));
            }
        }
        if (head.done() || tcp.has(TcpHeader.FIN | TcpHeader.RST)) {
            heads.remove(direction);
            headOpen[flow] &= (byte) ~(1 << side);
        }
        if (line != null) {
            lines.put(flow, line);
        }
        return line != null;
    }

    private boolean prefilterPasses(MemorySegment segment, long offset, int length) {
        if (prefilter == null) {
            return true;
        }
        for (ByteSearch search : prefilter) {
            if (search.in(segment, offset, length)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether the payload ends in CR LF CR LF. Then it is no head that needs rebuilding: either not HTTP at all,
     * or a head whose empty line is in this segment ({@code HttpHead.isComplete}). Found without parsing it,
     * as a request without a body, nearly every segment behind a balancer, ends so.
     */
    private static boolean endsWithEmptyLine(PacketLayers layers) {
        return layers.payloadLength() >= 4
                && layers.segment().get(BIG_ENDIAN_INT, layers.payloadOffset() + layers.payloadLength() - 4) == 0x0D0A0D0A;
    }

    /**
     * Whether the payload's first four bytes could begin what {@code HttpHead.wrap} accepts (a request method or
     * HTTP/1.): a necessary condition that spares the head parser the bodies, TLS and DNS that make up most
     * payloads.
     */
    private static boolean mayStartHttp(PacketLayers layers) {
        if (layers.payloadLength() < 8) {
            return false;
        }
        int first = layers.segment().get(BIG_ENDIAN_INT, layers.payloadOffset());
        return switch (first) {
            case 0x47455420, // "GET "
                 0x504F5354, // "POST"
                 0x48454144, // "HEAD"
                 0x50555420, // "PUT "
                 0x44454C45, // "DELE"
                 0x4F505449, // "OPTI"
                 0x434F4E4E, // "CONN"
                 0x54524143, // "TRAC"
                 0x50415443, // "PATC"
                 0x4E4F5449, // "NOTI"
                 0x4D2D5345, // "M-SE"
                 0x53554253, // "SUBS"
                 0x48545450 -> true; // "HTTP"
            default -> false;
        };
    }

    private boolean addressMatches(PacketLayers layers) {
        if (address.length == 4 && layers.ipVersion() == 4) {
            return layers.ipv4().source() == addressV4 || layers.ipv4().destination() == addressV4;
        }
        if (address.length == 16 && layers.ipVersion() == 6) {
            return (layers.ipv6().sourceHigh() == addressHigh && layers.ipv6().sourceLow() == addressLow)
                    || (layers.ipv6().destinationHigh() == addressHigh && layers.ipv6().destinationLow() == addressLow);
        }
        return false;
    }

    /**
     * The matching connections, ordered by first packet time, then 5-tuple (as {@link ParallelTracer}); the
     * tracer is done. A temporary file that cannot be read back is an {@link UncheckedIOException}.
     */
    public List<TracedConnection> matches() {
        try (ParallelTracer.Result result = ParallelTracer.merge(List.of(this), 1, Integer.MAX_VALUE)) {
            return result.connections();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Heads dropped unsearched to keep within the memory budget. */
    public long headsDropped() {
        return headsDropped;
    }

    int flowCount() {
        return flows.size();
    }

    private void grow() {
        int n = first.length * 2;
        first = Arrays.copyOf(first, n);
        last = Arrays.copyOf(last, n);
        packets = Arrays.copyOf(packets, n);
        bytes = Arrays.copyOf(bytes, n);
        matched = Arrays.copyOf(matched, n);
        headOpen = Arrays.copyOf(headOpen, n);
        matchedAt = Arrays.copyOf(matchedAt, n);
    }
}
