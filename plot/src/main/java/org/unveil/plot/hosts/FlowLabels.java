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
    private final Map<ColorBy, Map<String, Integer>> counted = new EnumMap<>(ColorBy.class);
    private final List<AddressHosts> results;
    /** Hosts of flows past the clustering budget (negative indexes, read from disk), as {@link #resolve} found. */
    private final Map<Integer, String> hostBeyond = new HashMap<>();

    /**
     * {@code flows} indexed as {@link FlowEvidence#index()} (null where a pass forgot a flow outside its addresses);
     * {@code results} the hosts inferred from them.
     */
    public FlowLabels(List<FlowEvidence> flows, List<AddressHosts> results) {
        this.flows = flows;
        this.hostOf = new String[flows.size()];
        this.results = results;
        for (AddressHosts a : results) {
            for (int i = 0; i < a.hostOf().length; i++) { // those in memory; the rest are resolved as drawn
                hostOf[a.flows().get(i).index()] = a.hostId(i);
            }
        }
    }

    /**
     * Where a label stands among all labels of its kind (most flows first, then in natural order), the same in
     * every chart drawn from these flows: a host keeps its colour from the IPID plot to the TSval plot.
     */
    public int rank(String label, ColorBy by) {
        Map<String, Integer> rank = ranks.computeIfAbsent(by, b -> ranking(counts(b)));
        return rank.getOrDefault(label, rank.size());
    }

    /** Each label's rank among {@code counts}' labels: the most flows first, then natural order. */
    static Map<String, Integer> ranking(Map<String, Integer> counts) {
        Map<String, Integer> byRank = new HashMap<>();
        counts.keySet().stream().sorted(mostFirst(counts)).forEach(l -> byRank.put(l, byRank.size()));
        return byRank;
    }

    /** How many flows carry each label of kind {@code by}, the flows past the clustering budget included. */
    Map<String, Integer> flowsPerLabel(ColorBy by) {
        return java.util.Collections.unmodifiableMap(counts(by));
    }

    private Map<String, Integer> counts(ColorBy by) {
        return counted.computeIfAbsent(by, this::count);
    }

    private Map<String, Integer> count(ColorBy by) {
        Map<String, Integer> counts = new HashMap<>();
        for (int i = 0; i < flows.size(); i++) {
            if (flows.get(i) != null) { // forgotten by a pass narrowed to fewer addresses
                counts.merge(label(i, by), 1, Integer::sum);
            }
        }
        for (AddressHosts a : results) { // and the flows past the clustering budget, kept on disk
            for (int h = 0; by == ColorBy.HOST && a.beyond() != null && h < a.hosts().size(); h++) {
                if (a.beyond().flowsOf(h) > 0) {
                    counts.merge(a.hosts().get(h).id(), a.beyond().flowsOf(h), Integer::sum);
                }
            }
        }
        return counts;
    }

    /** Labels ranked: the largest count first, ties in natural order (#2 before #10); colours and legends alike. */
    static java.util.Comparator<String> mostFirst(Map<String, Integer> counts) {
        return java.util.Comparator.comparing((String l) -> -counts.get(l)).thenComparing(NaturalOrder.INSTANCE);
    }

    /**
     * Reads the hosts of the flows past the clustering budget that {@code sample}'s points of {@code a} name,
     * in one pass over them: call before drawing the sample, once per address it holds.
     */
    public void resolve(AddressHosts a, PointSample sample) {
        if (a.beyond() == null) {
            return;
        }
        java.util.TreeSet<Integer> wanted = new java.util.TreeSet<>();
        for (int i = 0; i < sample.size(); i++) {
            if (sample.flow(i) < 0 && !hostBeyond.containsKey(sample.flow(i))) {
                wanted.add(sample.flow(i));
            }
        }
        int[] ids = wanted.stream().mapToInt(Integer::intValue).toArray();
        int[] hosts = a.beyond().hostsOf(ids);
        for (int i = 0; i < ids.length; i++) {
            if (hosts[i] >= 0) { // else another address's flow (a plot of several), or one no host took
                hostBeyond.put(ids[i], a.hosts().get(hosts[i]).id());
            }
        }
    }

    /** What flow {@code flow} is called when coloured by {@code by}. */
    public String label(int flow, ColorBy by) {
        if (flow < 0) { // past the clustering budget: only its host is known here
            String host = hostBeyond.get(flow);
            return host == null ? NO_HOST : host;
        }
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
