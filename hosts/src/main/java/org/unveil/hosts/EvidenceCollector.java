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

    /** Books one decoded packet. */
    public void add(Packet packet, PacketLayers layers) {
        lastFromClient = null;
        int flow = table.flowOf(layers);
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
            f.ipid.add(layers.ipv4().identification());
        }
        if (tcp != null) {
            tcp(f, layers, tcp, nanos, clientSyn);
        }
    }

    private void tcp(FlowEvidence f, PacketLayers layers, TcpHeader tcp, long nanos, boolean syn) {
        if (syn) {
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

    private FlowEvidence open(int flow) {
        FlowKey key = table.key(flow);
        boolean aIsClient = table.clientIsA(flow);
        FlowEvidence f = new FlowEvidence(flows.size(), key.protocol(),
                addresses.of(aIsClient ? key.addressA() : key.addressB()),
                aIsClient ? key.portA() : key.portB(), addresses.of(aIsClient ? key.addressB() : key.addressA()),
                aIsClient ? key.portB() : key.portA());
        flows.add(f);
        current[flow] = f;
        return f;
    }

    /**
     * The flow the last packet went to when the flow's opening host sent it, else null: lets a caller keep
     * per-packet data (plots) beside the evidence without a second flow table that could split flows differently.
     */
    public FlowEvidence lastFromClient() {
        return lastFromClient;
    }

    /** Every flow seen, in order of first packet. */
    public List<FlowEvidence> flows() {
        return flows;
    }
}
