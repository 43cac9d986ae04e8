package org.unveil.plot.hosts;

import java.util.Collections;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Predicate;
import org.unveil.capture.flow.IpAddresses;
import org.unveil.hosts.AddressHosts;
import org.unveil.hosts.BeyondBudget;
import org.unveil.hosts.FlowEvidence;
import org.unveil.labels.LabelCsv;

/** What each flow is called when its packets are coloured: its inferred host, User-Agent, 5-tuple or OS. */
public final class FlowLabels {
    /** For flows whose address was left out of the inference. */
    static final String NO_HOST = "(no host inferred)";

    private final List<FlowEvidence> flows;
    private final String[] hostOf;
    private final Map<ColorBy, Map<String, Integer>> ranks = new EnumMap<>(ColorBy.class);
    private final Map<ColorBy, Map<String, Integer>> counted = new EnumMap<>(ColorBy.class);
    private final List<AddressHosts> results;
    /**
     * The flows past the clustering budget (negative indexes, read from disk) that {@link #resolve} was asked for,
     * and their hosts: only those with points drawn, so these follow the points, not the flows.
     */
    private final Map<Integer, FlowEvidence> flowBeyond = new HashMap<>();
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
        Map<String, Integer> rank = ranks.computeIfAbsent(by,
                b -> ranking(counted.computeIfAbsent(b, k -> count(k, l -> true))));
        return rank.getOrDefault(label, rank.size());
    }

    /** Each label's rank among {@code counts}' labels: the most flows first, then natural order. */
    static Map<String, Integer> ranking(Map<String, Integer> counts) {
        Map<String, Integer> byRank = new HashMap<>();
        counts.keySet().stream().sorted(mostFirst(counts)).forEach(l -> byRank.put(l, byRank.size()));
        return byRank;
    }

    /**
     * How many flows carry each label of kind {@code by} that {@code among} takes, the flows past the clustering
     * budget included (read from disk once for a kind other than the host): a chart counts only the labels it
     * draws, so that a colouring by flow does not hold a label per flow.
     */
    Map<String, Integer> flowsPerLabel(ColorBy by, Predicate<String> among) {
        return Collections.unmodifiableMap(count(by, among));
    }

    private Map<String, Integer> count(ColorBy by, Predicate<String> among) {
        Map<String, Integer> counts = new HashMap<>();
        for (int i = 0; i < flows.size(); i++) {
            if (flows.get(i) != null) { // forgotten by a pass narrowed to fewer addresses
                String label = label(i, by);
                if (among.test(label)) {
                    counts.merge(label, 1, Integer::sum);
                }
            }
        }
        for (AddressHosts a : results) { // and the flows past the clustering budget, kept on disk
            BeyondBudget beyond = a.beyond();
            if (beyond == null) {
                continue;
            }
            if (by == ColorBy.HOST) { // counted per host as they were attributed
                for (int h = 0; h < a.hosts().size(); h++) {
                    String host = a.hosts().get(h).id();
                    if (beyond.flowsOf(h) > 0 && among.test(host)) {
                        counts.merge(host, beyond.flowsOf(h), Integer::sum);
                    }
                }
            } else {
                beyond.forEach(f -> {
                    String label = label(f, by);
                    if (among.test(label)) {
                        counts.merge(label, 1, Integer::sum);
                    }
                });
            }
        }
        return counts;
    }

    /** Labels ranked: the largest count first, ties in natural order (#2 before #10); colours and legends alike. */
    static Comparator<String> mostFirst(Map<String, Integer> counts) {
        return Comparator.comparing((String l) -> -counts.get(l)).thenComparing(NaturalOrder.INSTANCE);
    }

    /**
     * Reads the flows past the clustering budget that {@code sample}'s points of {@code a} name, and their hosts,
     * in one pass over them: call before drawing the sample, once per address it holds.
     */
    public void resolve(AddressHosts a, PointSample sample) {
        if (a.beyond() == null) {
            return;
        }
        TreeSet<Integer> wanted = new TreeSet<>();
        for (int i = 0; i < sample.size(); i++) {
            if (sample.flow(i) < 0 && !flowBeyond.containsKey(sample.flow(i))) {
                wanted.add(sample.flow(i));
            }
        }
        int[] ids = wanted.stream().mapToInt(Integer::intValue).toArray();
        BeyondBudget.Placed[] found = a.beyond().find(ids);
        for (int i = 0; i < ids.length; i++) {
            if (found[i] != null) { // else another address's flow (a plot of several)
                flowBeyond.put(ids[i], found[i].flow());
                if (found[i].host() >= 0) { // else one no host took
                    hostBeyond.put(ids[i], a.hosts().get(found[i].host()).id());
                }
            }
        }
    }

    /** What flow {@code flow} is called when coloured by {@code by}. */
    public String label(int flow, ColorBy by) {
        if (flow < 0) { // past the clustering budget: as read back by resolve
            FlowEvidence f = flowBeyond.get(flow);
            return by == ColorBy.HOST || f == null ? hostBeyond.getOrDefault(flow, NO_HOST) : label(f, by);
        }
        return by == ColorBy.HOST ? (hostOf[flow] == null ? NO_HOST : hostOf[flow]) : label(flows.get(flow), by);
    }

    /** What flow {@code f} is called by its own fields. */
    private static String label(FlowEvidence f, ColorBy by) {
        return switch (by) {
            case HOST -> throw new IllegalArgumentException("a host is inferred, not a field of the flow");
            case UA -> f.userAgent() == null ? "(no User-Agent)" : f.userAgent();
            case FLOW -> LabelCsv.protoName(f.protocol()) + " " + IpAddresses.withPort(f.client(), f.clientPort())
                    + " > " + IpAddresses.withPort(f.server(), f.serverPort());
            case OS -> f.os() != null ? f.os().label(f.syn().initialTtl()) : f.initialTtl() == 0 ? "(unknown)" : "(no SYN) TTL " + f.initialTtl();
        };
    }
}
