package org.unveil.hosts;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.unveil.capture.Packet;
import org.unveil.capture.decode.HttpHead;
import org.unveil.capture.decode.HttpHeader;
import org.unveil.capture.decode.PacketLayers;
import org.unveil.capture.decode.TcpHeader;
import org.unveil.capture.decode.TlsClientHello;
import org.unveil.capture.flow.FlowKey;
import org.unveil.capture.flow.FlowTable;
import org.unveil.capture.flow.IpAddresses;
import org.unveil.hosts.evidence.ClockTrack;
import org.unveil.hosts.evidence.IpidTrack;
import org.unveil.hosts.evidence.SynSignature;
import org.unveil.hosts.evidence.TlsFingerprintCache;

/**
 * One pass over decoded packets that books, per flow, what its opening host reveals. Memory grows with flows,
 * not packets. A new SYN with a new initial sequence number on a 5-tuple already seen starts a new flow:
 * NATs and busy clients reuse ports.
 *
 * <p>Narrowed to an {@link AddressRange}, it books only the flows whose client is in the range, and keeps table
 * entries only for them: a pass per range then holds a range's worth of flows however many the capture has, and
 * books each of them exactly as a collector of everything would (same packets, same client, same order).
 */
public final class EvidenceCollector {
    /**
     * A client names itself (User-Agent, cookie, ClientHello) at the start of a connection; later payload is
     * data, and parsing it for heads would cost more than the rest of the pass.
     */
    static final int APPLICATION_PAYLOADS = 2;

    private final FlowTable table = new FlowTable();
    private final TlsFingerprintCache fingerprints = new TlsFingerprintCache();
    private final List<FlowEvidence> flows = new ArrayList<>();
    private FlowEvidence[] current = new FlowEvidence[1024];
    private FlowEvidence lastFromClient;
    private final Interner<String> addresses = new Interner<>();
    private final Interner<String> texts = new Interner<>();
    private final Interner<SynSignature> signatures = new Interner<>();
    /** Marks a flow of the table whose client is outside the range. */
    private static final FlowEvidence SKIPPED = new FlowEvidence(-1, 0, null, 0, 0, 0, null, 0);
    private AddressRange range = AddressRange.ALL;
    private boolean everything = true;
    /** Flows touching the range whose client is outside it, never entered into the table. */
    private final FingerprintSet outside = new FingerprintSet();
    private int booked;
    /** With {@link #spillPast}: flows per address, the addresses past the budget, their open flows. */
    private int spillAfter = Integer.MAX_VALUE;
    private AddressCounts counts;
    private LiveFlows live;
    private FlowSpill.Texts spillTexts;
    private final List<FlowSpill> spills = new ArrayList<>();
    private int spilledFlows;

    /** Books one decoded packet. */
    public void add(Packet packet, PacketLayers layers) {
        lastFromClient = null;
        if (!spills.isEmpty() && spilled(packet, layers)) {
            return;
        }
        int flow = everything || admitted(layers) ? table.flowOf(layers) : -1;
        if (flow < 0) {
            return;
        }
        boolean fromClient = table.lastSenderIsClient();
        if (flow >= current.length) {
            current = Arrays.copyOf(current, Math.max(flow + 1, current.length * 2));
        }
        FlowEvidence f = current[flow];
        TcpHeader tcp = layers.hasTcp() ? layers.tcp() : null;
        boolean clientSyn = fromClient && tcp != null && tcp.isSynOnly();
        if (f == null || (clientSyn && f.synSequence >= 0 && f.synSequence != tcp.sequence()) || f.spilled) {
            f = open(flow, layers);
        }
        if (f == SKIPPED) {
            return;
        }
        book(f, fromClient, packet, layers, tcp, clientSyn);
    }

    private void book(FlowEvidence f, boolean fromClient, Packet packet, PacketLayers layers, TcpHeader tcp,
            boolean clientSyn) {
        long nanos = packet.timestampNanos();
        if (f.packets++ == 0) {
            f.firstNanos = nanos;
        }
        f.lastNanos = nanos;
        f.bytes += packet.originalLength();
        if (!fromClient) {
            return;
        }
        lastFromClient = f;
        f.lastSentNanos = nanos;
        int ttl = layers.ipVersion() == 4 ? layers.ipv4().ttl() : layers.ipv6().hopLimit();
        f.maxTtl = Math.max(f.maxTtl, ttl);
        if (layers.ipVersion() == 4 && !layers.laterFragment()) {
            if (f.ipid == null) {
                f.ipid = new IpidTrack();
            }
            f.ipid.add(layers.ipv4().identification());
        }
        if (tcp != null) {
            tcp(f, layers, tcp, nanos, clientSyn);
        }
    }

    /**
     * Books a packet of a flow past its address's clustering budget ({@link #spillPast}), kept among the
     * {@link LiveFlows} and then on disk instead of in the table; false for a packet of any other flow. A packet
     * that touches no such address costs a comparison or two.
     */
    private boolean spilled(Packet packet, PacketLayers layers) {
        if (spillAt(layers, true) == null && spillAt(layers, false) == null) {
            return false;
        }
        long fingerprint = fingerprint(layers);
        FlowEvidence f = live.get(fingerprint);
        boolean fromClient;
        if (f != null) {
            fromClient = sentBy(layers, f);
        } else {
            if (table.existingFlowOf(layers) >= 0) {
                return false; // a flow of the table (one clustered, or another address's): the usual way
            }
            // a new flow: its client decided as the table decides on a first packet
            fromClient = !layers.hasTcp()
                    || (layers.tcp().flags() & (TcpHeader.SYN | TcpHeader.ACK)) != (TcpHeader.SYN | TcpHeader.ACK);
            FlowSpill spill = spillAt(layers, fromClient);
            if (spill == null) {
                return false;
            }
            f = openSpilled(fingerprint, spill, layers, fromClient);
        }
        TcpHeader tcp = layers.hasTcp() ? layers.tcp() : null;
        boolean clientSyn = fromClient && tcp != null && tcp.isSynOnly();
        if (clientSyn && f.synSequence >= 0 && f.synSequence != tcp.sequence()) {
            f = openSpilled(fingerprint, spillAt(layers, true), layers, true);
        }
        book(f, fromClient, packet, layers, tcp, clientSyn);
        return true;
    }

    /** The spill of the packet's source ({@code source}) or destination address, or null when it has none. */
    private FlowSpill spillAt(PacketLayers layers, boolean source) {
        long high;
        long low;
        if (layers.ipVersion() == 4) {
            high = FlowKey.V4_MAPPED_HIGH;
            low = FlowKey.V4_MAPPED_PREFIX
                    | Integer.toUnsignedLong(source ? layers.ipv4().source() : layers.ipv4().destination());
        } else if (layers.ipVersion() == 6) {
            high = source ? layers.ipv6().sourceHigh() : layers.ipv6().destinationHigh();
            low = source ? layers.ipv6().sourceLow() : layers.ipv6().destinationLow();
        } else {
            return null;
        }
        return spillOf(high, low);
    }

    private FlowSpill spillOf(long high, long low) {
        for (FlowSpill s : spills) { // a few addresses at most: each holds a clustering budget of flows
            if (s.clientLow == low && s.clientHigh == high) {
                return s;
            }
        }
        return null;
    }

    /** Whether the packet's sender is the flow's client: its address and port. */
    private static boolean sentBy(PacketLayers layers, FlowEvidence f) {
        int port = layers.hasTcp() ? layers.tcp().sourcePort() : layers.hasUdp() ? layers.udp().sourcePort() : 0;
        if (port != f.clientPort) {
            return false;
        }
        if (layers.ipVersion() == 4) {
            return f.clientHigh == FlowKey.V4_MAPPED_HIGH
                    && f.clientLow == (FlowKey.V4_MAPPED_PREFIX | Integer.toUnsignedLong(layers.ipv4().source()));
        }
        return f.clientHigh == layers.ipv6().sourceHigh() && f.clientLow == layers.ipv6().sourceLow();
    }

    /** A new flow of a spilling address, its client the packet's sender ({@code senderIsClient}) or receiver. */
    private FlowEvidence openSpilled(long fingerprint, FlowSpill spill, PacketLayers layers, boolean senderIsClient) {
        boolean v4 = layers.ipVersion() == 4;
        long high = v4 ? FlowKey.V4_MAPPED_HIGH
                : senderIsClient ? layers.ipv6().destinationHigh() : layers.ipv6().sourceHigh();
        long low = v4 ? FlowKey.V4_MAPPED_PREFIX | Integer.toUnsignedLong(senderIsClient ? layers.ipv4().destination()
                : layers.ipv4().source())
                : senderIsClient ? layers.ipv6().destinationLow() : layers.ipv6().sourceLow();
        int sp = layers.hasTcp() ? layers.tcp().sourcePort() : layers.hasUdp() ? layers.udp().sourcePort() : 0;
        int dp = layers.hasTcp() ? layers.tcp().destinationPort() : layers.hasUdp() ? layers.udp().destinationPort() : 0;
        FlowEvidence f = new FlowEvidence(-1 - spilledFlows++, layers.protocol(), spill.client(), spill.clientHigh,
                spill.clientLow, senderIsClient ? sp : dp, addresses.of(IpAddresses.format(high, low)),
                senderIsClient ? dp : sp);
        live.open(fingerprint, f, spill);
        return f;
    }

    private void tcp(FlowEvidence f, PacketLayers layers, TcpHeader tcp, long nanos, boolean syn) {
        // a retransmitted SYN (same sequence number) keeps the first one's signature: stacks drop options on
        // retries (Mac OS X falls back from MNWNNTSEE to MSEE), which says how the stack copes with loss, not
        // what it is
        if (syn && f.syn == null) {
            f.synSequence = tcp.sequence();
            boolean df = layers.ipVersion() == 4 && layers.ipv4().dontFragment();
            f.syn = signatures.of(SynSignature.of(layers.ipVersion() == 4 ? layers.ipv4().ttl() : layers.ipv6().hopLimit(), df, tcp));
        }
        if (tcp.hasTimestamps() && f.index >= 0) { // only clustering reads clocks, and spilled flows are not clustered
            if (f.clock == null) {
                f.clock = new ClockTrack();
            }
            f.clock.add(nanos, tcp.tsval());
        }
        if (layers.payloadLength() == 0 || f.clientPayloads >= APPLICATION_PAYLOADS) {
            return;
        }
        f.clientPayloads++;
        HttpHead http = layers.http();
        if (http != null && http.isRequest()) {
            if (f.userAgent == null && http.has(HttpHeader.USER_AGENT)) {
                f.userAgent = texts.of(http.value(HttpHeader.USER_AGENT));
            }
            if (f.cookie == null && http.has(HttpHeader.COOKIE)) {
                f.cookie = texts.of(Integer.toHexString(http.value(HttpHeader.COOKIE).hashCode()));
            }
        }
        TlsClientHello hello = f.tls == null ? layers.tlsClientHello() : null;
        if (hello != null) {
            f.tls = fingerprints.of(hello);
        }
    }

    /**
     * Whether a packet outside "everything" may enter the table: one of its ends is in the range, and its flow is
     * in the table already or would have its client in the range. A new flow's client is decided as the table
     * decides it on a first packet (the sender of a SYN, the receiver of a SYN-ACK, else the sender).
     */
    private boolean admitted(PacketLayers layers) {
        if (!range.admits(layers)) {
            return false;
        }
        if (table.existingFlowOf(layers) >= 0) {
            return true;
        }
        long fingerprint = fingerprint(layers);
        if (outside.contains(fingerprint)) {
            return false;
        }
        boolean senderIsClient = !layers.hasTcp()
                || (layers.tcp().flags() & (TcpHeader.SYN | TcpHeader.ACK)) != (TcpHeader.SYN | TcpHeader.ACK);
        boolean v4 = layers.ipVersion() == 4;
        long high = v4 ? FlowKey.V4_MAPPED_HIGH
                : senderIsClient ? layers.ipv6().sourceHigh() : layers.ipv6().destinationHigh();
        long low = v4 ? FlowKey.V4_MAPPED_PREFIX | Integer.toUnsignedLong(senderIsClient ? layers.ipv4().source()
                : layers.ipv4().destination())
                : senderIsClient ? layers.ipv6().sourceLow() : layers.ipv6().destinationLow();
        if (range.contains(high, low)) {
            return true;
        }
        outside.add(fingerprint);
        return false;
    }

    /** The same for both directions of a flow. */
    private static long fingerprint(PacketLayers layers) {
        long sh;
        long sl;
        long dh;
        long dl;
        if (layers.ipVersion() == 4) {
            sh = 0;
            dh = 0;
            sl = Integer.toUnsignedLong(layers.ipv4().source());
            dl = Integer.toUnsignedLong(layers.ipv4().destination());
        } else {
            sh = layers.ipv6().sourceHigh();
            sl = layers.ipv6().sourceLow();
            dh = layers.ipv6().destinationHigh();
            dl = layers.ipv6().destinationLow();
        }
        int sp = layers.hasTcp() ? layers.tcp().sourcePort() : layers.hasUdp() ? layers.udp().sourcePort() : 0;
        int dp = layers.hasTcp() ? layers.tcp().destinationPort() : layers.hasUdp() ? layers.udp().destinationPort() : 0;
        int c = AddressRange.compare(sh, sl, dh, dl);
        boolean swap = c > 0 || (c == 0 && sp > dp);
        long h = mix(layers.protocol());
        h = mix(h ^ (swap ? dh : sh));
        h = mix(h ^ (swap ? dl : sl));
        h = mix(h ^ (swap ? sh : dh));
        h = mix(h ^ (swap ? sl : dl));
        return mix(h ^ ((long) (swap ? dp : sp) << 16 | (swap ? sp : dp)));
    }

    /** MurmurHash3's 64-bit finaliser. */
    private static long mix(long h) {
        h = (h ^ (h >>> 33)) * 0xFF51AFD7ED558CCDL;
        h = (h ^ (h >>> 33)) * 0xC4CEB9FE1A85EC53L;
        return h ^ (h >>> 33);
    }

    private FlowEvidence open(int flow, PacketLayers layers) {
        FlowKey key = table.key(flow);
        boolean aIsClient = table.clientIsA(flow);
        long high = aIsClient ? key.addressAHigh() : key.addressBHigh();
        long low = aIsClient ? key.addressALow() : key.addressBLow();
        if (!everything && !range.contains(high, low)) {
            current[flow] = SKIPPED;
            return SKIPPED;
        }
        FlowSpill spill = counts == null ? null : spillOf(high, low);
        if (spill != null) { // a port reused after the address filled its clustering budget
            FlowEvidence f = openSpilled(fingerprint(layers), spill, layers, table.lastSenderIsClient());
            current[flow] = f;
            return f;
        }
        FlowEvidence f = new FlowEvidence(flows.size(), key.protocol(),
                addresses.of(aIsClient ? key.addressA() : key.addressB()), high, low,
                aIsClient ? key.portA() : key.portB(), addresses.of(aIsClient ? key.addressB() : key.addressA()),
                aIsClient ? key.portB() : key.portA());
        flows.add(f);
        booked++;
        current[flow] = f;
        if (counts != null && counts.increment(high, low) == spillAfter) {
            spills.add(new FlowSpill(f.client, high, low, spillTexts));
        }
        return f;
    }

    /**
     * From now on, an address's flows past its first {@code clustered} go to disk in order ({@link FlowSpill}),
     * at most {@code open} of them held while their packets may still come: what is kept in memory no longer
     * grows with one address's flows. They are for attribution, not clustering ({@link HostInference}).
     */
    public void spillPast(int clustered, int open) {
        spillAfter = clustered;
        counts = new AddressCounts();
        live = new LiveFlows(open);
        spillTexts = new FlowSpill.Texts();
    }

    /** Ends the pass's spills: every flow still open is written out. */
    void finishSpills() throws IOException {
        if (live != null) {
            live.drain();
        }
        for (FlowSpill s : spills) {
            s.finish();
        }
    }

    /** The addresses whose flows past the clustering budget were spilled, each with its spill. */
    Map<String, FlowSpill> spills() {
        Map<String, FlowSpill> m = new HashMap<>();
        spills.forEach(s -> m.put(s.client(), s));
        return m;
    }

    /** Flows written out of {@link LiveFlows} while newer ones of the same addresses came in. */
    public long spilledOpen() {
        return live == null ? 0 : live.evicted();
    }

    /** Deletes the spill files: the pass's results are written. */
    public void deleteSpills() {
        spills.forEach(FlowSpill::delete);
        spills.clear();
    }

    /**
     * From now on books only the flows whose client is in {@code narrower}, and forgets those booked so far that
     * are not: their places in {@link #flows} become null, so the others keep their indexes.
     */
    public void narrow(AddressRange narrower) {
        range = narrower;
        everything = false;
        if (counts != null) {
            counts.retain(narrower);
            live.drop(spill -> !narrower.contains(spill.clientHigh, spill.clientLow));
            spills.removeIf(spill -> {
                boolean out = !narrower.contains(spill.clientHigh, spill.clientLow);
                if (out) {
                    spill.delete();
                }
                return out;
            });
        }
        for (int i = 0; i < current.length; i++) {
            FlowEvidence f = current[i];
            if (f != null && f != SKIPPED && !narrower.contains(f.clientHigh, f.clientLow)) {
                current[i] = SKIPPED;
            }
        }
        // flows too that a later one on the same 5-tuple took the table entry from (a NAT reusing a port)
        for (int i = 0; i < flows.size(); i++) {
            FlowEvidence f = flows.get(i);
            if (f != null && !narrower.contains(f.clientHigh, f.clientLow)) {
                flows.set(i, null);
                booked--;
            }
        }
    }

    /** The range booked, {@link AddressRange#ALL} unless {@link #narrow narrowed}. */
    public AddressRange range() {
        return range;
    }

    /** Flows booked (the non-null ones of {@link #flows}). */
    public int booked() {
        return booked;
    }

    /**
     * The flow the last packet went to when the flow's opening host sent it, else null: lets a caller keep
     * per-packet data (plots) beside the evidence without a second flow table that could split flows differently.
     */
    public FlowEvidence lastFromClient() {
        return lastFromClient;
    }

    /**
     * Every flow booked, in order of first packet, indexed as {@link FlowEvidence#index()}; after {@link #narrow},
     * null where a flow outside the range was forgotten.
     */
    public List<FlowEvidence> flows() {
        return flows;
    }
}
