package org.unveil.hosts.cluster;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;
import org.unveil.hosts.ClockLines;
import org.unveil.hosts.FlowEvidence;
import org.unveil.hosts.evidence.EvidenceKind;
import org.unveil.hosts.link.Edge;
import org.unveil.hosts.link.EdgeList;
import org.unveil.hosts.link.GlobalCounter;

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
    /**
     * A counter chain is followed ahead of the application evidence only where it outweighs the most that
     * evidence gives short of a cookie (a shared User-Agent 4, TLS fingerprint 3, OS 1: see
     * {@link HostGroup#applicationBits}), which it would otherwise pre-empt.
     */
    static final double CHAIN_BITS = 8;
    /** Weak edges between two groups count up to just under the strong level. */
    private static final double WEAK_CAP = STRONG_BITS - 1;
    /** Stage 2 compares every pair of groups; beyond this many groups it stops to keep time bounded. */
    private static final int MAX_PAIRWISE_GROUPS = 300;
    /** Hosts each host is compared with for what separates them, in the report. */
    private static final int SEPARATION_HOSTS = 256;
    /** Hosts a flow without identity is weighed against one by one; beyond, the likeliest few. */
    private static final int PLACE_CANDIDATES = 256;

    /** The run's state: each flow's group as the groups merge, each flow's raw score, what joined each group. */
    private final HostGroup[] groupOf;
    private final double[] confidence;
    private final Map<HostGroup, Set<EvidenceKind>> evidence = new HashMap<>();

    private HostClusterer(int flows) {
        groupOf = new HostGroup[flows];
        confidence = new double[flows];
    }

    /** @param ipidFirsts each flow's first IPID, read in the byte order of the chain it lies on */
    public static Clustering cluster(List<FlowEvidence> flows, EdgeList edges, int[] ipidFirsts, ClockLines lines,
            GlobalCounter global) {
        return new HostClusterer(flows.size()).run(flows, edges, ipidFirsts, lines, global);
    }

    private Clustering run(List<FlowEvidence> flows, EdgeList edges, int[] ipidFirsts, ClockLines lines,
            GlobalCounter global) {
        int n = flows.size();
        List<String> approximations = new ArrayList<>();
        Collection<HostGroup> groups = new LinkedHashSet<>();
        for (int i = 0; i < n; i++) {
            int line = lines.lineOf(i);
            groupOf[i] = new HostGroup(i, flows.get(i), line, lines.sharedLineOf(i) >= 0,
                    line < 0 ? null : lines.skew(line), global);
            groups.add(groupOf[i]);
        }
        PairEvidence pairs = PairEvidence.of(edges);
        List<Edge> chainLinks = chainLinks(edges, pairs);
        bookChains(flows, chainLinks, ipidFirsts);
        boolean[] identity = new boolean[n];
        for (int i = 0; i < n; i++) {
            identity[i] = groupOf[i].identity;
        }
        List<Set<EvidenceKind>> evidenceOf = new ArrayList<>();

        mergeStrong(pairs, groups);
        mergeChains(chainLinks, pairs, groups);
        List<HostGroup> anchored = new ArrayList<>();
        List<HostGroup> loose = new ArrayList<>();
        for (HostGroup g : groups) {
            (g.identity ? anchored : loose).add(g);
        }

        // Stage 2: groups joined by weaker evidence, best pair first; then, by Occam, any that nothing keeps apart.
        GroupAffinity affinity = new GroupAffinity(groupOf, pairs, PairEvidence.of(
                edges.ofKind(EvidenceKind.IPID_GLOBAL_SEQUENCE)), STRONG_BITS);
        Map<Integer, HostGroup> byId = new HashMap<>();
        for (HostGroup g : anchored) {
            byId.put(g.id, g);
        }
        mergeCandidates(anchored, byId, affinity);
        if (anchored.size() <= MAX_PAIRWISE_GROUPS) {
            mergeRemaining(anchored, affinity);
        } else {
            approximations.add(anchored.size() + " groups after the evidence: the groups nothing keeps apart were"
                    + " joined biggest first, not best pair first");
            mergeRemainingGreedy(anchored, affinity);
        }

        placeLoose(loose, anchored, affinity, approximations);
        // hosts are numbered by their first flow, so a number says when the host first showed, not which group
        // happened to absorb which (that follows the order ties between equal scores were met in)
        anchored.sort(Comparator.comparingInt(HostGroup::firstFlow));

        int[] hostOf = new int[n];
        Arrays.fill(hostOf, -1); // unattributed unless a host takes it
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
        List<Set<EvidenceKind>> separatedBy = new ArrayList<>();
        // every pair of hosts is compared up to SEPARATION_HOSTS of them; beyond, each host against the biggest
        List<HostGroup> others = anchored;
        if (anchored.size() > SEPARATION_HOSTS) {
            others = new ArrayList<>(anchored);
            others.sort(Comparator.comparingInt((HostGroup g) -> g.flows.size()).reversed());
            others = others.subList(0, SEPARATION_HOSTS);
            approximations.add("what separates each host was looked for among the " + SEPARATION_HOSTS
                    + " biggest of " + anchored.size() + " hosts only");
        }
        for (HostGroup g : anchored) {
            Set<EvidenceKind> reasons = EnumSet.noneOf(EvidenceKind.class);
            for (HostGroup other : others) {
                if (other != g) {
                    reasons.addAll(g.separation(other));
                }
            }
            separatedBy.add(reasons);
        }
        for (int i = 0; i < n; i++) {
            confidence[i] = hostOf[i] < 0 ? 0 : ConfidenceMap.calibrated(confidence[i]);
        }
        int[] pieces = CountRange.pieces(anchored, hostOf, identity, edges, flows, lines);
        int high = 0;
        for (int p : pieces) {
            high += p;
        }
        return new Clustering(hostOf, confidence, anchored.size(), CountRange.low(anchored),
                Math.max(high, anchored.size()), pieces, evidenceOf, separatedBy, List.copyOf(approximations));
    }

    /** Stage 1: strong edges (clock lines, tight counter continuations), strongest first, under the constraints. */
    private void mergeStrong(PairEvidence pairs, Collection<HostGroup> groups) {
        List<Integer> strong = new ArrayList<>();
        for (int i = 0; i < pairs.size(); i++) {
            if (pairs.bits(i) >= STRONG_BITS) {
                strong.add(i);
            }
        }
        strong.sort(Comparator.comparingDouble((Integer i) -> pairs.bits(i)).reversed()); // stable: ties in edge order
        for (int i : strong) {
            int a = first(pairs.key(i));
            int b = second(pairs.key(i));
            HostGroup ga = groupOf[a];
            HostGroup gb = groupOf[b];
            double sure = ConfidenceMap.raw(pairs.bits(i));
            confidence[a] = Math.max(confidence[a], sure);
            confidence[b] = Math.max(confidence[b], sure);
            if (ga != gb && ga.compatible(gb)) {
                merge(ga, gb, groups);
                evidence.computeIfAbsent(ga, g -> EnumSet.noneOf(EvidenceKind.class)).addAll(pairs.kinds(i));
            }
        }
    }

    /**
     * The flows on a counter chain mark where their host's counter to that destination stood; they carry
     * identity, even lookups too short to show a counter each: the chain's value is their host's, read in the
     * chain's byte order (a swapped chain's lookups read as written would seem to step its counter back).
     */
    private void bookChains(List<FlowEvidence> flows, List<Edge> chainLinks, int[] ipidFirsts) {
        for (Edge e : chainLinks) {
            for (int f : new int[] {e.a(), e.b()}) {
                FlowEvidence flow = flows.get(f);
                groupOf[f].counters.add(flow.server(), flow.firstNanos(), ipidFirsts[f]);
                groupOf[f].identity = true;
            }
        }
    }

    /** Links that continue one destination's counter strongly enough to be followed first. */
    private static List<Edge> chainLinks(EdgeList edges, PairEvidence pairs) {
        List<Edge> links = new ArrayList<>();
        for (int e = 0; e < edges.size(); e++) {
            if (edges.kind(e) == EvidenceKind.IPID_DESTINATION_SEQUENCE
                    && pairs.bits(edges.a(e), edges.b(e)) >= CHAIN_BITS) {
                links.add(edges.get(e));
            }
        }
        return links;
    }

    /**
     * Stage 1b: each destination's IPID counter chains (Windows keeps one counter per destination), followed
     * before any application evidence is weighed. Identical hosts share their User-Agents and TLS fingerprints,
     * so that evidence cannot say which host's chain a piece belongs to, while a continuation can; joined
     * first, the chains are whole when lookups and applications decide which chains make one host.
     */
    private void mergeChains(List<Edge> chainLinks, PairEvidence pairs, Collection<HostGroup> groups) {
        List<Edge> links = new ArrayList<>(chainLinks);
        links.sort(Comparator.comparingDouble((Edge e) -> pairs.bits(e.a(), e.b())).reversed());
        for (Edge e : links) {
            HostGroup ga = groupOf[e.a()];
            HostGroup gb = groupOf[e.b()];
            if (ga == gb || !ga.compatible(gb)) {
                continue;
            }
            double sure = ConfidenceMap.raw(pairs.bits(e.a(), e.b()));
            confidence[e.a()] = Math.max(confidence[e.a()], sure);
            confidence[e.b()] = Math.max(confidence[e.b()], sure);
            merge(ga, gb, groups);
            evidence.computeIfAbsent(ga, g -> EnumSet.noneOf(EvidenceKind.class)).add(e.evidence());
        }
    }

    /** Stage 3: flows without identity go where they fit best; alone only if they fit nowhere. */
    private void placeLoose(List<HostGroup> loose, List<HostGroup> anchored, GroupAffinity affinity,
            List<String> approximations) {
        List<HostGroup> biggest = null;
        Map<Integer, HostGroup> byId = null;
        for (HostGroup g : loose) {
            double total = 0;
            double best = Double.NEGATIVE_INFINITY;
            HostGroup target = null;
            Collection<HostGroup> candidates = anchored;
            if (anchored.size() > PLACE_CANDIDATES) {
                if (biggest == null) {
                    approximations.add("flows without identity were weighed against the " + PLACE_CANDIDATES
                            + " biggest of " + anchored.size() + " hosts and those with evidence towards them only");
                    biggest = new ArrayList<>(anchored);
                    biggest.sort(Comparator.comparingInt((HostGroup h) -> h.flows.size()).reversed());
                    biggest = new ArrayList<>(biggest.subList(0, PLACE_CANDIDATES));
                    byId = new HashMap<>();
                    for (HostGroup h : anchored) {
                        byId.put(h.id, h);
                    }
                }
                Set<HostGroup> some = new LinkedHashSet<>(biggest);
                for (int id : affinity.partners(g)) {
                    HostGroup h = byId.get(id);
                    if (h != null) {
                        some.add(h);
                    }
                }
                candidates = some;
            }
            for (HostGroup candidate : candidates) {
                if (!candidate.compatible(g)) {
                    continue;
                }
                double s = score(candidate, g, affinity);
                total += Math.pow(2, s);
                if (s > best) {
                    best = s;
                    target = candidate;
                }
            }
            if (target == null && g.chosenTtlOnly) {
                // multicast, IGMP or a lone probe, and no host it could be: such packets make no host (issue 14)
                for (int f : g.flows) {
                    confidence[f] = 0;
                }
                continue;
            }
            if (target == null) {
                anchored.add(g);
                if (byId != null) {
                    byId.put(g.id, g);
                }
                for (int f : g.flows) {
                    confidence[f] = 0.5;
                }
                continue;
            }
            double share = Math.pow(2, best) / total;
            for (int f : g.flows) {
                confidence[f] = share;
            }
            merge(target, g, anchored);
            affinity.merged(target, g);
        }

    }

    private void merge(HostGroup into, HostGroup from, Collection<HostGroup> list) {
        into.absorb(from);
        for (int f : from.flows) {
            groupOf[f] = into;
        }
        list.remove(from);
        Set<EvidenceKind> kinds = evidence.remove(from);
        if (kinds != null) {
            evidence.computeIfAbsent(into, g -> EnumSet.noneOf(EvidenceKind.class)).addAll(kinds);
        }
    }

    /** Weak edges between the groups (capped) plus what the applications say. */
    private static double score(HostGroup a, HostGroup b, GroupAffinity affinity) {
        return Math.min(affinity.bits(a, b), WEAK_CAP) + a.applicationBits(b);
    }

    /** A pair worth merging; among equal scores the bigger pair goes first, as it carries more evidence. */
    private record Candidate(HostGroup a, HostGroup b, double score, int flows) {
        Candidate(HostGroup a, HostGroup b, double score) {
            this(a, b, score, a.flows.size() + b.flows.size());
        }
    }

    /**
     * Merges pairs that have some evidence for one host (weak edges, a shared User-Agent, TLS fingerprint or
     * cookie), best first, re-scoring lazily as groups grow: candidates come from an index, not from all pairs,
     * so thousands of groups cost little.
     */
    private void mergeCandidates(List<HostGroup> groups, Map<Integer, HostGroup> byId, GroupAffinity affinity) {
        PriorityQueue<Candidate> heap = new PriorityQueue<>(Comparator.comparingDouble(Candidate::score)
                .thenComparingInt(Candidate::flows).reversed());
        Map<String, HostGroup> firstWith = new HashMap<>();
        for (HostGroup g : groups) {
            for (int id : affinity.partners(g)) {
                HostGroup other = byId.get(id);
                if (other != null && g.id < other.id) {
                    offer(heap, g, other, affinity);
                }
            }
            for (String value : g.applicationValues()) {
                HostGroup first = firstWith.putIfAbsent(value, g);
                if (first != null) {
                    offer(heap, first, g, affinity);
                }
            }
        }
        Set<HostGroup> alive = new HashSet<>(groups);
        while (!heap.isEmpty()) {
            Candidate c = heap.poll();
            if (!alive.contains(c.a()) || !alive.contains(c.b()) || !c.a().compatible(c.b())) {
                continue;
            }
            double now = score(c.a(), c.b(), affinity);
            if (now < c.score() - 1e-9) {
                offer(heap, c.a(), c.b(), affinity); // the groups changed since; judge them as they are
                continue;
            }
            if (now <= MERGE_BITS) {
                continue;
            }
            join(c.a(), c.b(), now, groups, affinity);
            alive.remove(c.b());
            for (int id : affinity.partners(c.a())) {
                HostGroup other = byId.get(id);
                if (other != null && alive.contains(other)) {
                    offer(heap, c.a(), other, affinity);
                }
            }
        }
    }

    private static void offer(PriorityQueue<Candidate> heap, HostGroup a, HostGroup b, GroupAffinity affinity) {
        double s = score(a, b, affinity);
        if (s > MERGE_BITS) {
            heap.add(new Candidate(a, b, s));
        }
    }

    /**
     * Occam's pass: any two groups nothing speaks against become one, the best-scoring pair first (the bigger
     * among equals).
     */
    private void mergeRemaining(List<HostGroup> groups, GroupAffinity affinity) {
        while (true) {
            double best = Double.NEGATIVE_INFINITY;
            int bestFlows = 0;
            HostGroup ba = null;
            HostGroup bb = null;
            for (int x = 0; x < groups.size(); x++) {
                for (int y = x + 1; y < groups.size(); y++) {
                    HostGroup ga = groups.get(x);
                    HostGroup gb = groups.get(y);
                    if (!ga.compatible(gb)) {
                        continue;
                    }
                    double s = score(ga, gb, affinity);
                    int flows = ga.flows.size() + gb.flows.size();
                    if (s >= MERGE_BITS && (s > best || s == best && flows > bestFlows)) {
                        best = s;
                        bestFlows = flows;
                        ba = ga;
                        bb = gb;
                    }
                }
            }
            if (ba == null) {
                return;
            }
            join(ba, bb, best, groups, affinity);
        }
    }

    /**
     * Occam's pass for more groups than pairs can be compared: biggest first, each group joins the first
     * (biggest) kept group it is compatible with and nothing speaks against; else it is kept. Costs groups ×
     * kept groups, and the kept ones are those some evidence separates.
     */
    private void mergeRemainingGreedy(List<HostGroup> groups, GroupAffinity affinity) {
        List<HostGroup> order = new ArrayList<>(groups);
        order.sort(Comparator.comparingInt((HostGroup g) -> g.flows.size()).reversed());
        List<HostGroup> kept = new ArrayList<>();
        for (HostGroup g : order) {
            HostGroup into = null;
            double bits = 0;
            for (HostGroup k : kept) {
                if (k.compatible(g)) {
                    double s = score(k, g, affinity);
                    if (s >= MERGE_BITS) {
                        into = k;
                        bits = s;
                        break;
                    }
                }
            }
            if (into == null) {
                kept.add(g);
                continue;
            }
            join(into, g, bits, groups, affinity);
        }
        groups.sort(Comparator.comparingInt((HostGroup g) -> g.id));
    }

    private void join(HostGroup a, HostGroup b, double bits, List<HostGroup> groups, GroupAffinity affinity) {
        double sure = ConfidenceMap.raw(bits);
        for (int f : b.flows) {
            confidence[f] = Math.min(Math.max(confidence[f], 0.5), sure);
        }
        merge(a, b, groups);
        affinity.merged(a, b);
        evidence.computeIfAbsent(a, g -> EnumSet.noneOf(EvidenceKind.class)).add(EvidenceKind.APPLICATION);
    }

    /**
     * The pair's key: the lower flow in the high half, the other mixed with it in the low half. A plain {@code a << 32
     * | b} hashes as {@code a ^ b} (Long.hashCode), and flow numbers are small, so on a capture of 28,000 flows and
     * 300,000 pairs most pairs shared a few thousand hashes: the maps of pairs turned into trees and a third of
     * clustering's time went into them.
     */
    static long key(int a, int b) {
        int low = Math.min(a, b);
        int high = Math.max(a, b);
        return ((long) low << 32) | ((high ^ mix(low)) & 0xffffffffL);
    }

    /** The lower flow of a pair {@link #key}. */
    static int first(long key) {
        return (int) (key >>> 32);
    }

    /** The higher flow of a pair {@link #key}. */
    static int second(long key) {
        return (int) key ^ mix(first(key));
    }

    private static int mix(int flow) {
        return flow * 0x9E3779B1; // Fibonacci hashing: spreads consecutive numbers over the whole int
    }
}
