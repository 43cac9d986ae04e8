package org.unveil.hosts;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.unveil.capture.Packet;
import org.unveil.capture.decode.HttpHead;
import org.unveil.capture.decode.HttpHeader;
import org.unveil.capture.decode.PacketLayers;
import org.unveil.capture.decode.TcpHeader;
import org.unveil.capture.decode.TlsClientHello;
import org.unveil.capture.flow.FlowKey;
import org.unveil.capture.flow.FlowTable;
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

    /** Books one decoded packet. */
    public void add(Packet packet, PacketLayers layers) {
        lastFromClient = null;
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
        if (f == null || (clientSyn && f.synSequence >= 0 && f.synSequence != tcp.sequence())) {
            f = open(flow);
        }
        if (f == SKIPPED) {
            return;
        }
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
        int ttl = layers.ipVersion() == 4 ? layers.ipv4().ttl() : layers.ipv6().hopLimit();
        f.maxTtl = Math.max(f.maxTtl, ttl);
        if (layers.ipVersion() == 4 && !layers.laterFragment()) {
            if (f.ipid == null) {
                f.ipid = new IpidTrack();
            }
            f.ipid.add(layers.ipv4().identification(), nanos);
        }
        if (tcp != null) {
            tcp(f, layers, tcp, nanos, clientSyn);
        }
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
        if (tcp.hasTimestamps()) {
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

    private FlowEvidence open(int flow) {
        FlowKey key = table.key(flow);
        boolean aIsClient = table.clientIsA(flow);
        long high = aIsClient ? key.addressAHigh() : key.addressBHigh();
        long low = aIsClient ? key.addressALow() : key.addressBLow();
        if (!everything && !range.contains(high, low)) {
            current[flow] = SKIPPED;
            return SKIPPED;
        }
        FlowEvidence f = new FlowEvidence(flows.size(), key.protocol(),
                addresses.of(aIsClient ? key.addressA() : key.addressB()), high, low,
                aIsClient ? key.portA() : key.portB(), addresses.of(aIsClient ? key.addressB() : key.addressA()),
                aIsClient ? key.portB() : key.portA());
        flows.add(f);
        booked++;
        current[flow] = f;
        return f;
    }

    /**
     * From now on books only the flows whose client is in {@code narrower}, and forgets those booked so far that
     * are not: their places in {@link #flows} become null, so the others keep their indexes.
     */
    public void narrow(AddressRange narrower) {
        range = narrower;
        everything = false;
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
