package org.unveil.hosts.cluster;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.unveil.hosts.FlowEvidence;
import org.unveil.hosts.link.Edge;

/**
 * Splits one address's flows into hosts: constrained agglomerative clustering over a graph whose edges carry
 * evidence in bits. Stage 1 joins flows along strong edges (clock lines, counters) unless a hard constraint
 * forbids it; stage 2 joins the resulting groups by weaker evidence (weak edges plus shared User-Agents, TLS
 * fingerprints, cookies) while it outweighs the doubt; stage 3 places flows that carry no identity at all in
 * the group that explains them best. Every flow gets the posterior share of its choice as confidence.
 */
public final class HostClusterer {
    /** Evidence that by itself makes a chance match less likely than one in 4096. */
    static final double STRONG_BITS = 12;
    /**
     * Groups merge unless the evidence speaks against it: the fewest hosts that explain the flows (Occam), so
     * the count only rises on evidence of separation.
     */
    static final double MERGE_BITS = 0;
    /** A stage-2 merge with less than this is a guess: the high end of the count range keeps both hosts. */
    static final double CONFIRM_BITS = 4;
    /** Weak edges between two groups count up to just under the strong level. */
    private static final double WEAK_CAP = STRONG_BITS - 1;
    /** Stage 2 compares every pair of groups; beyond this many groups it stops to keep time bounded. */
    private static final int MAX_PAIRWISE_GROUPS = 3000;

    private HostClusterer() {
    }

    public static Clustering cluster(List<FlowEvidence> flows, List<Edge> edges, int[] clockLine) {
        int n = flows.size();
        HostGroup[] groupOf = new HostGroup[n];
        Collection<HostGroup> groups = new LinkedHashSet<>();
        for (int i = 0; i < n; i++) {
            groupOf[i] = new HostGroup(i, flows.get(i), clockLine[i]);
            groups.add(groupOf[i]);
        }
        Map<Long, Double> pairBits = pairBits(edges);
        Map<Long, Set<String>> pairKinds = pairKinds(edges);
        double[] confidence = new double[n];
        List<Set<String>> evidenceOf = new ArrayList<>();
        Map<HostGroup, Set<String>> evidence = new HashMap<>();

        // Stage 1: strong edges, strongest first.
        List<Map.Entry<Long, Double>> strong = new ArrayList<>();
        for (Map.Entry<Long, Double> e : pairBits.entrySet()) {
            if (e.getValue() >= STRONG_BITS) {
                strong.add(e);
            }
        }
        strong.sort(Map.Entry.<Long, Double>comparingByValue().reversed());
        for (Map.Entry<Long, Double> e : strong) {
            int a = (int) (e.getKey() >>> 32);
            int b = (int) (long) e.getKey();
            HostGroup ga = groupOf[a];
            HostGroup gb = groupOf[b];
            double sure = 1 - Math.pow(2, -e.getValue());
            confidence[a] = Math.max(confidence[a], sure);
            confidence[b] = Math.max(confidence[b], sure);
            if (ga != gb && ga.compatible(gb)) {
                merge(ga, gb, groupOf, groups, evidence);
                evidence.computeIfAbsent(ga, g -> new TreeSet<>()).addAll(pairKinds.get(e.getKey()));
            }
        }
        List<HostGroup> anchored = new ArrayList<>();
        List<HostGroup> loose = new ArrayList<>();
        for (HostGroup g : groups) {
            (g.identity ? anchored : loose).add(g);
        }
        int guesses = 0;

        // Stage 2: groups joined by weaker evidence, best pair first.
        if (anchored.size() <= MAX_PAIRWISE_GROUPS) {
            while (true) {
                Map<Long, Double> weak = weakBetweenGroups(groupOf, pairBits);
                double best = Double.NEGATIVE_INFINITY;
                HostGroup ba = null;
                HostGroup bb = null;
                for (int x = 0; x < anchored.size(); x++) {
                    for (int y = x + 1; y < anchored.size(); y++) {
                        HostGroup ga = anchored.get(x);
                        HostGroup gb = anchored.get(y);
                        if (!ga.compatible(gb)) {
                            continue;
                        }
                        double s = score(ga, gb, weak);
                        if (s >= MERGE_BITS && s > best) {
                            best = s;
                            ba = ga;
                            bb = gb;
                        }
                    }
                }
                if (ba == null) {
                    break;
                }
                if (best < CONFIRM_BITS) {
                    guesses++;
                }
                double sure = 1 / (1 + Math.pow(2, -best));
                for (int f : bb.flows) {
                    confidence[f] = Math.min(Math.max(confidence[f], 0.5), sure);
                }
                merge(ba, bb, groupOf, anchored, evidence);
                evidence.computeIfAbsent(ba, g -> new TreeSet<>()).add("application/weak");
            }
        }

        // Stage 3: flows without identity go where they fit best; alone only if they fit nowhere.
        Map<Long, Double> weak = weakBetweenGroups(groupOf, pairBits);
        for (HostGroup g : loose) {
            double total = 0;
            double best = Double.NEGATIVE_INFINITY;
            HostGroup target = null;
            for (HostGroup candidate : anchored) {
                if (!candidate.compatible(g)) {
                    continue;
                }
                double s = score(candidate, g, weak);
                total += Math.pow(2, s);
                if (s > best) {
                    best = s;
                    target = candidate;
                }
            }
            if (target == null) {
                anchored.add(g);
                for (int f : g.flows) {
                    confidence[f] = 0.5;
                }
                continue;
            }
            double share = Math.pow(2, best) / total;
            for (int f : g.flows) {
                confidence[f] = share;
            }
            merge(target, g, groupOf, anchored, evidence);
        }

        int[] hostOf = new int[n];
        for (int h = 0; h < anchored.size(); h++) {
            HostGroup g = anchored.get(h);
            for (int f : g.flows) {
                hostOf[f] = h;
                if (confidence[f] == 0) {
                    confidence[f] = g.flows.size() == 1 && anchored.size() > 1 ? 0.5 : 0.9;
                }
            }
            evidenceOf.add(evidence.getOrDefault(g, Set.of()));
        }
        int low = Math.max(1, conflictClique(anchored));
        return new Clustering(hostOf, confidence, anchored.size(), Math.min(low, anchored.size()),
                anchored.size() + guesses, evidenceOf);
    }

    private static void merge(HostGroup into, HostGroup from, HostGroup[] groupOf, Collection<HostGroup> list,
            Map<HostGroup, Set<String>> evidence) {
        into.absorb(from);
        for (int f : from.flows) {
            groupOf[f] = into;
        }
        list.remove(from);
        Set<String> kinds = evidence.remove(from);
        if (kinds != null) {
            evidence.computeIfAbsent(into, g -> new TreeSet<>()).addAll(kinds);
        }
    }

    /** Weak edges between the groups (capped) plus what the applications say. */
    private static double score(HostGroup a, HostGroup b, Map<Long, Double> weak) {
        return Math.min(weak.getOrDefault(key(a.id, b.id), 0.0), WEAK_CAP) + a.applicationBits(b);
    }

    /** Sums the edges below the strong level between each pair of current groups, by group id. */
    private static Map<Long, Double> weakBetweenGroups(HostGroup[] groupOf, Map<Long, Double> pairBits) {
        Map<Long, Double> weak = new HashMap<>();
        pairBits.forEach((pair, bits) -> {
            HostGroup a = groupOf[(int) (pair >>> 32)];
            HostGroup b = groupOf[(int) (long) pair];
            if (a != b && bits < STRONG_BITS) {
                weak.merge(key(a.id, b.id), bits, Double::sum);
            }
        });
        return weak;
    }

    /** A greedy clique of pairwise incompatible groups: at least that many hosts are there. */
    private static int conflictClique(List<HostGroup> groups) {
        List<HostGroup> clique = new ArrayList<>();
        for (HostGroup g : groups) {
            boolean conflictsWithAll = true;
            for (HostGroup c : clique) {
                if (c.compatible(g)) {
                    conflictsWithAll = false;
                    break;
                }
            }
            if (conflictsWithAll) {
                clique.add(g);
            }
        }
        return clique.size();
    }

    /** Sums evidence of different kinds per pair; of one kind (a clock at several rates) only the best counts. */
    private static Map<Long, Double> pairBits(List<Edge> edges) {
        Map<Long, Map<String, Double>> byKind = new HashMap<>();
        for (Edge e : edges) {
            String kind = e.evidence().split(" ")[0];
            byKind.computeIfAbsent(key(e.a(), e.b()), k -> new HashMap<>()).merge(kind, e.bits(), Math::max);
        }
        Map<Long, Double> sums = new HashMap<>();
        byKind.forEach((pair, kinds) -> sums.put(pair, kinds.values().stream().mapToDouble(Double::doubleValue).sum()));
        return sums;
    }

    private static Map<Long, Set<String>> pairKinds(List<Edge> edges) {
        Map<Long, Set<String>> kinds = new HashMap<>();
        for (Edge e : edges) {
            kinds.computeIfAbsent(key(e.a(), e.b()), k -> new TreeSet<>()).add(e.evidence().split(" ")[0]);
        }
        return kinds;
    }

    static long key(int a, int b) {
        return a < b ? ((long) a << 32) | b : ((long) b << 32) | a;
    }
}
