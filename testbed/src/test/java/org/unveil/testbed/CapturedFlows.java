package org.unveil.testbed;

import java.io.IOException;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntPredicate;
import org.unveil.capture.CaptureReader;
import org.unveil.capture.Captures;
import org.unveil.capture.Packet;
import org.unveil.capture.ProblemListener;
import org.unveil.capture.decode.HttpHead;
import org.unveil.capture.decode.HttpHeader;
import org.unveil.capture.decode.PacketDecoder;
import org.unveil.capture.decode.PacketLayers;
import org.unveil.capture.decode.TcpHeader;

/**
 * The client → server flows of one capture, as the packets show them: a flow occurrence starts with a SYN that
 * is not a retransmission (a new initial sequence number), so a 5-tuple reused later in the run counts twice.
 * UDP flows are one per 5-tuple: the scenario's exchanges are far shorter than conntrack's UDP timeout.
 */
final class CapturedFlows {
    private final List<Flow> flows = new ArrayList<>();
    private long packets;

    /** One flow occurrence, with what its client's first packets tell about the sending stack. */
    static final class Flow {
        final Key key;
        final long firstNanos;
        /** TCP: the SYN's sequence number; UDP: a hash of the first payload. NAT rewrites neither. */
        final long fingerprint;
        final int firstTtl;
        final boolean synSeen;
        final boolean synTimestamps;
        final boolean synWindowScale;
        final boolean synSackPermitted;
        final List<String> userAgents = new ArrayList<>();
        final List<String> requestUris = new ArrayList<>();

        Flow(Key key, long firstNanos, long fingerprint, int firstTtl, TcpHeader syn) {
            this.key = key;
            this.firstNanos = firstNanos;
            this.fingerprint = fingerprint;
            this.firstTtl = firstTtl;
            this.synSeen = syn != null;
            this.synTimestamps = syn != null && syn.hasTimestamps();
            this.synWindowScale = syn != null && syn.windowScale() >= 0;
            this.synSackPermitted = syn != null && syn.sackPermitted();
        }

        @Override
        public String toString() {
            return key + "@" + firstNanos / 1e9;
        }
    }

    /** Client → server 5-tuple; addresses as IPv4 integers. */
    record Key(int proto, int src, int sport, int dst, int dport) {
        @Override
        public String toString() {
            return (proto == PacketLayers.PROTO_TCP ? "tcp " : "udp ") + Addresses.text(src) + ":" + sport + " > "
                    + Addresses.text(dst) + ":" + dport;
        }
    }

    /** @param client which source addresses are clients: only their packets are read */
    static CapturedFlows read(String file, IntPredicate client) throws IOException {
        CapturedFlows result = new CapturedFlows();
        Map<Key, Flow> open = new HashMap<>();
        Packet packet = new Packet();
        PacketLayers layers = new PacketLayers();
        try (CaptureReader reader = Captures.open(file, ProblemListener.IGNORE)) {
            while (reader.next(packet)) {
                result.packets++;
                PacketDecoder.decode(packet, layers);
                if (layers.ipVersion() != 4 || !client.test(layers.ipv4().source())) {
                    continue;
                }
                if (layers.hasTcp()) {
                    result.tcp(packet, layers, open);
                } else if (layers.hasUdp()) {
                    Key key = new Key(PacketLayers.PROTO_UDP, layers.ipv4().source(), layers.udp().sourcePort(),
                            layers.ipv4().destination(), layers.udp().destinationPort());
                    open.computeIfAbsent(key, k -> result.start(k, packet, layers, Arrays.hashCode(payload(layers)),
                            null));
                }
            }
        }
        return result;
    }

    private void tcp(Packet packet, PacketLayers layers, Map<Key, Flow> open) {
        TcpHeader tcp = layers.tcp();
        Key key = new Key(PacketLayers.PROTO_TCP, layers.ipv4().source(), tcp.sourcePort(),
                layers.ipv4().destination(), tcp.destinationPort());
        Flow flow = open.get(key);
        if (tcp.isSynOnly() && (flow == null || flow.fingerprint != tcp.sequence())) {
            flow = start(key, packet, layers, tcp.sequence(), tcp);
            open.put(key, flow);
        } else if (flow == null) {
            flow = start(key, packet, layers, -1, null); // begun before the capture: no SYN to fingerprint
            open.put(key, flow);
        }
        HttpHead http = layers.http();
        if (http != null && http.isRequest()) {
            flow.requestUris.add(http.uri());
            if (http.has(HttpHeader.USER_AGENT)) {
                flow.userAgents.add(http.value(HttpHeader.USER_AGENT));
            }
        }
    }

    private Flow start(Key key, Packet packet, PacketLayers layers, long fingerprint, TcpHeader syn) {
        Flow flow = new Flow(key, packet.timestampNanos(), fingerprint, layers.ipv4().ttl(), syn);
        flows.add(flow);
        return flow;
    }

    private static byte[] payload(PacketLayers layers) {
        return layers.segment().asSlice(layers.payloadOffset(), layers.payloadLength()).toArray(ValueLayout.JAVA_BYTE);
    }

    List<Flow> flows() {
        return flows;
    }

    /** Every packet of the capture, client or not: what tshark counts. */
    long packets() {
        return packets;
    }
}
