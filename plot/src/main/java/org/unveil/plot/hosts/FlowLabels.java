package org.unveil.plot.hosts;

import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.unveil.capture.flow.IpAddresses;
import org.unveil.hosts.AddressHosts;
import org.unveil.hosts.FlowEvidence;
import org.unveil.synth.label.LabelCsv;

/** What each flow is called when its packets are coloured: its inferred host, User-Agent, 5-tuple or OS. */
public final class FlowLabels {
    /** For flows whose address was left out of the inference. */
    static final String NO_HOST = "(no host inferred)";

    private final List<FlowEvidence> flows;
    private final String[] hostOf;
    private final Map<ColorBy, Map<String, Integer>> ranks = new EnumMap<>(ColorBy.class);

    /**
     * {@code flows} indexed as {@link FlowEvidence#index()} (null where a pass forgot a flow outside its addresses);
     * {@code results} the hosts inferred from them.
     */
    public FlowLabels(List<FlowEvidence> flows, List<AddressHosts> results) {
        this.flows = flows;
        this.hostOf = new String[flows.size()];
        for (AddressHosts a : results) {
            for (int i = 0; i < a.flows().size(); i++) {
                hostOf[a.flows().get(i).index()] = a.hostId(i);
            }
        }
    }

    /**
     * Where a label stands among all labels of its kind (most flows first, then in natural order), the same in
     * every chart drawn from these flows: a host keeps its colour from the IPID plot to the TSval plot.
     */
    public int rank(String label, ColorBy by) {
        Map<String, Integer> rank = ranks.computeIfAbsent(by, b -> {
            Map<String, Integer> counts = new HashMap<>();
            for (int i = 0; i < flows.size(); i++) {
                if (flows.get(i) != null) { // forgotten by a pass narrowed to fewer addresses
                    counts.merge(label(i, b), 1, Integer::sum);
                }
            }
            Map<String, Integer> byRank = new HashMap<>();
            counts.keySet().stream().sorted(mostFirst(counts)).forEach(l -> byRank.put(l, byRank.size()));
            return byRank;
        });
        return rank.getOrDefault(label, rank.size());
    }

    /** Labels ranked: the largest count first, ties in natural order (#2 before #10); colours and legends alike. */
    static java.util.Comparator<String> mostFirst(Map<String, Integer> counts) {
        return java.util.Comparator.comparing((String l) -> -counts.get(l)).thenComparing(NaturalOrder.INSTANCE);
    }

    /** What flow {@code flow} is called when coloured by {@code by}. */
    public String label(int flow, ColorBy by) {
        FlowEvidence f = flows.get(flow);
        return switch (by) {
            case HOST -> hostOf[flow] == null ? NO_HOST : hostOf[flow];
            case UA -> f.userAgent() == null ? "(no User-Agent)" : f.userAgent();
            case FLOW -> LabelCsv.protoName(f.protocol()) + " " + IpAddresses.withPort(f.client(), f.clientPort())
                    + " > " + IpAddresses.withPort(f.server(), f.serverPort());
            case OS -> f.os() != null ? f.os() : f.initialTtl() == 0 ? "(unknown)" : "(no SYN) TTL " + f.initialTtl();
        };
    }
}
