package org.unveil.hosts.truth;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.unveil.hosts.FlowEvidence;
import org.unveil.labels.NatLabel;

/**
 * Finds the label of a flow: same protocol and 5-tuple (client → server), and of the labels with that tuple
 * (ports get reused) the one whose first time is nearest, within {@link #MAX_OFFSET_MICROS}.
 */
public final class TruthMatcher {
    static final long MAX_OFFSET_MICROS = 2_000_000;
    private final Map<String, List<NatLabel>> byTuple = new HashMap<>();

    public TruthMatcher(List<NatLabel> labels) {
        for (NatLabel l : labels) {
            byTuple.computeIfAbsent(tuple(l.proto(), l.src().getHostAddress(), l.sport(), l.dst().getHostAddress(),
                    l.dport()), k -> new ArrayList<>()).add(l);
        }
    }

    /** How well the hosts inferred behind one address agree with the labels, over the flows of these protocols. */
    public AttributionScore score(org.unveil.hosts.AddressHosts address, java.util.function.IntPredicate protocols) {
        AttributionScore score = new AttributionScore();
        for (int i = 0; i < address.flows().size(); i++) {
            FlowEvidence f = address.flows().get(i);
            String host = protocols.test(f.protocol()) ? hostOf(f) : null;
            if (host != null) {
                String inferred = address.hostId(i);
                score.add(host, inferred == null ? "unattributed" : inferred);
            }
        }
        return score;
    }

    /** The true inside host of the flow, or null when no label fits. */
    public String hostOf(FlowEvidence f) {
        List<NatLabel> candidates = byTuple.get(tuple(f.protocol(), canonical(f.client()), f.clientPort(),
                canonical(f.server()), f.serverPort()));
        if (candidates == null) {
            return null;
        }
        long micros = f.firstNanos() / 1000;
        NatLabel best = null;
        for (NatLabel l : candidates) {
            long off = Math.abs(l.firstMicros() - micros);
            if (off <= MAX_OFFSET_MICROS && (best == null || off < Math.abs(best.firstMicros() - micros))) {
                best = l;
            }
        }
        return best == null ? null : best.host().getHostAddress();
    }

    /** Addresses the labels place hosts behind (their public sources). */
    public boolean covers(String address) {
        for (List<NatLabel> list : byTuple.values()) {
            if (list.getFirst().src().getHostAddress().equals(canonical(address))) {
                return true;
            }
        }
        return false;
    }

    /** Labels spell addresses as Java does; flows as the capture module does (IPv6 compressed). */
    private static String canonical(String address) {
        return InetAddress.ofLiteral(address).getHostAddress();
    }

    private static String tuple(int proto, String src, int sport, String dst, int dport) {
        return proto + " " + src + " " + sport + " " + dst + " " + dport;
    }
}
