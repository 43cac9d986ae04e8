package org.unveil.trace.correlate;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Pairs front requests (client → balancer) with back requests (balancer → server), one to one. Candidates are
 * back requests made at most {@link #WINDOW_NANOS} after a front request that the chosen evidence allows; each
 * candidate gets a cost (how long the balancer would have taken, plus penalties for what does not fit), and the
 * pairs are the assignment of least total cost within each group of requests that compete for one another.
 * X-Request-ID and similar per-request ids a balancer adds are never used: they exist on one side only, and a
 * correlator that trusted them would measure the balancer's bookkeeping, not the traffic.
 */
public final class RequestMatcher {
    /** How long after a front request its back request may start: generous, costs prefer the nearest. */
    static final long WINDOW_NANOS = 5_000_000_000L;
    /** Header fields a balancer passes on unchanged, so equal values speak for the same request. */
    static final List<String> FINGERPRINT_HEADERS = List.of("host", "user-agent", "accept", "accept-language",
            "accept-encoding", "content-type", "content-length", "referer", "authorization", "range", "origin",
            "if-none-match", "if-modified-since");
    /**
     * Costs are squared delays in ms². Squared, because any linear cost is blind to order: swapping the partners
     * of two look-alike requests leaves the sum of delays unchanged, while the sum of squares is lowest when the
     * balancer served them in the order they came (the usual case). A mismatch costs as much as a 1 s delay.
     */
    private static final double MISMATCH = 1e6;
    /** Leaving a request unpaired costs this, so any allowed candidate is better than none. */
    private static final double UNPAIRED = 1e12;
    private static final double FORBIDDEN = 1e15;
    private static final int CANDIDATES_KEPT = 8;
    /** Front requests solved together exactly; larger groups go in overlapping blocks of this many. */
    private static final int BLOCK = 120;
    private static final int OVERLAP = 30;

    private final Evidence forced;

    /** @param forced the only evidence to use, or null to use the strongest each pair offers */
    public RequestMatcher(Evidence forced) {
        this.forced = forced;
    }

    private record Edge(int front, int back, Evidence evidence, double cost) {
    }

    /** The pairs found, in order of the front request's time. */
    public List<RequestPair> match(List<HttpExchange> fronts, List<HttpExchange> backs) {
        List<HttpExchange> front = sorted(fronts);
        List<HttpExchange> back = sorted(backs);
        List<Edge> all = candidates(front, back);
        List<Edge> edges = new ArrayList<>();
        List<Edge> chosen = new ArrayList<>();
        Set<Integer> frontsPaired = new HashSet<>();
        Set<Integer> backsPaired = new HashSet<>();
        // strongest evidence first, each stage among what is left: stages keep the competing groups small
        for (Evidence stage : Evidence.values()) {
            List<Edge> open = new ArrayList<>();
            for (Edge e : all) {
                if (e.evidence == stage && !frontsPaired.contains(e.front) && !backsPaired.contains(e.back)) {
                    open.add(e);
                }
            }
            List<Edge> kept = prune(open);
            edges.addAll(kept);
            for (List<Edge> group : groups(kept, front.size()).values()) {
                for (Edge e : assign(group)) {
                    chosen.add(e);
                    frontsPaired.add(e.front);
                    backsPaired.add(e.back);
                }
            }
        }
        List<RequestPair> pairs = new ArrayList<>();
        Map<Integer, List<Edge>> byFront = new HashMap<>();
        Map<Integer, List<Edge>> byBack = new HashMap<>();
        for (Edge e : edges) {
            byFront.computeIfAbsent(e.front, k -> new ArrayList<>()).add(e);
            byBack.computeIfAbsent(e.back, k -> new ArrayList<>()).add(e);
        }
        for (Edge e : chosen) {
            int rivals = rivals(e, byFront.get(e.front)) + rivals(e, byBack.get(e.back));
            pairs.add(new RequestPair(front.get(e.front), back.get(e.back), e.evidence,
                    confidence(e, rivals, front.get(e.front), back.get(e.back)), rivals));
        }
        pairs.sort(Comparator.comparingLong((RequestPair p) -> p.front().requestNanos())
                .thenComparing(p -> p.front().connection().key()).thenComparingInt(p -> p.front().index()));
        return pairs;
    }

    private static List<HttpExchange> sorted(List<HttpExchange> exchanges) {
        List<HttpExchange> out = new ArrayList<>(exchanges);
        out.sort(Comparator.comparingLong(HttpExchange::requestNanos));
        return out;
    }

    private List<Edge> candidates(List<HttpExchange> front, List<HttpExchange> back) {
        List<Edge> edges = new ArrayList<>();
        int from = 0;
        for (int f = 0; f < front.size(); f++) {
            long start = front.get(f).requestNanos();
            while (from < back.size() && back.get(from).requestNanos() < start) {
                from++;
            }
            for (int b = from; b < back.size() && back.get(b).requestNanos() - start <= WINDOW_NANOS; b++) {
                Edge e = edge(f, b, front.get(f), back.get(b));
                if (e != null) {
                    edges.add(e);
                }
            }
        }
        return edges;
    }

    private Edge edge(int f, int b, HttpExchange front, HttpExchange back) {
        boolean sameLine = front.method().equals(back.method()) && front.uri().equals(back.uri());
        boolean xff = sameLine && namesClient(back, front);
        boolean fingerprint = sameLine && fingerprint(front).equals(fingerprint(back));
        double delay = square((back.requestNanos() - front.requestNanos()) / 1e6);
        double answer = answerDelay(front, back);
        double answerCost = front.answered() && back.answered() ? square(answer) : MISMATCH;
        Evidence evidence;
        if (forced == Evidence.XFF) {
            return xff ? new Edge(f, b, Evidence.XFF, delay) : null;
        } else if (forced == Evidence.FINGERPRINT) {
            return fingerprint ? new Edge(f, b, Evidence.FINGERPRINT, delay + answerCost) : null;
        } else if (forced == Evidence.TIMING) {
            evidence = Evidence.TIMING;
        } else if (!back.forwardedFor().isEmpty() && !namesClient(back, front)) {
            return null; // the balancer said whom it forwarded for, and it was someone else
        } else {
            evidence = xff ? Evidence.XFF : fingerprint ? Evidence.FINGERPRINT : Evidence.TIMING;
        }
        if (evidence == Evidence.TIMING) {
            if (answer < 0) {
                return null; // the front response left before the back response arrived: not this one
            }
            double cost = delay + answerCost + sizeMismatches(front, back) * MISMATCH;
            return new Edge(f, b, evidence, cost);
        }
        return new Edge(f, b, evidence, evidence == Evidence.XFF ? delay : delay + answerCost);
    }

    /** The balancer appends the address its client connected from, so the chain's last element names it. */
    private static boolean namesClient(HttpExchange back, HttpExchange front) {
        List<String> chain = back.forwardedFor();
        return !chain.isEmpty() && chain.getLast().equals(front.connection().client());
    }

    /**
     * Milliseconds from the back response to the front response, which a balancer can only send after it: a
     * negative value breaks the nesting. 0 when a side has no response, as that proves nothing.
     */
    private static double answerDelay(HttpExchange front, HttpExchange back) {
        if (!front.answered() || !back.answered()) {
            return 0;
        }
        return (front.responseNanos() - back.responseNanos()) / 1e6;
    }

    private static double square(double x) {
        return x * x;
    }

    private static int sizeMismatches(HttpExchange front, HttpExchange back) {
        int n = front.requestBody() == back.requestBody() ? 0 : 1;
        if (front.answered() && back.answered()) {
            n += front.status() == back.status() ? 0 : 1;
            n += front.responseBody() == back.responseBody() ? 0 : 1;
        }
        return n;
    }

    static String fingerprint(HttpExchange e) {
        StringBuilder out = new StringBuilder();
        for (String name : FINGERPRINT_HEADERS) {
            out.append(Objects.toString(e.headers().get(name), "")).append('\n');
        }
        return out.toString();
    }

    /** Keeps each request's few cheapest candidates: far costlier ones never win and only slow the assignment. */
    private static List<Edge> prune(List<Edge> edges) {
        Map<Integer, List<Edge>> byFront = new HashMap<>();
        Map<Integer, List<Edge>> byBack = new HashMap<>();
        for (Edge e : edges) {
            byFront.computeIfAbsent(e.front, k -> new ArrayList<>()).add(e);
            byBack.computeIfAbsent(e.back, k -> new ArrayList<>()).add(e);
        }
        Set<Edge> kept = new java.util.LinkedHashSet<>();
        for (List<Edge> list : byFront.values()) {
            list.sort(Comparator.comparingDouble(Edge::cost));
            kept.addAll(list.subList(0, Math.min(CANDIDATES_KEPT, list.size())));
        }
        for (List<Edge> list : byBack.values()) {
            list.sort(Comparator.comparingDouble(Edge::cost));
            kept.addAll(list.subList(0, Math.min(CANDIDATES_KEPT, list.size())));
        }
        return new ArrayList<>(kept);
    }

    /** Groups of edges connected through shared requests (union-find; back requests numbered after fronts). */
    private static Map<Integer, List<Edge>> groups(List<Edge> edges, int fronts) {
        Map<Integer, Integer> parent = new HashMap<>();
        for (Edge e : edges) {
            union(parent, e.front, fronts + e.back);
        }
        Map<Integer, List<Edge>> out = new HashMap<>();
        for (Edge e : edges) {
            out.computeIfAbsent(find(parent, e.front), k -> new ArrayList<>()).add(e);
        }
        return out;
    }

    private static int find(Map<Integer, Integer> parent, int x) {
        int root = x;
        while (parent.getOrDefault(root, root) != root) {
            root = parent.get(root);
        }
        while (x != root) {
            int next = parent.getOrDefault(x, x);
            parent.put(x, root);
            x = next;
        }
        return root;
    }

    private static void union(Map<Integer, Integer> parent, int a, int b) {
        int ra = find(parent, a);
        int rb = find(parent, b);
        if (ra != rb) {
            parent.put(ra, rb);
        }
    }

    /**
     * Exact for a group of up to {@link #BLOCK} front requests; a larger one (busy traffic chains candidates
     * together) is solved in overlapping blocks along time, keeping each block's pairs except for its last
     * fronts, which the next block decides again with what follows them in view.
     */
    private static List<Edge> assign(List<Edge> group) {
        if (group.size() == 1) {
            return group;
        }
        List<Integer> fronts = group.stream().map(Edge::front).distinct().sorted().toList();
        if (fronts.size() <= BLOCK) {
            return exact(group);
        }
        Map<Integer, List<Edge>> byFront = new HashMap<>();
        group.forEach(e -> byFront.computeIfAbsent(e.front, k -> new ArrayList<>()).add(e));
        Set<Integer> backsTaken = new HashSet<>();
        List<Edge> out = new ArrayList<>();
        int start = 0;
        while (start < fronts.size()) {
            int end = Math.min(fronts.size(), start + BLOCK);
            int commit = end == fronts.size() ? end : start + BLOCK - OVERLAP;
            List<Edge> block = new ArrayList<>();
            for (int i = start; i < end; i++) {
                for (Edge e : byFront.get(fronts.get(i))) {
                    if (!backsTaken.contains(e.back)) {
                        block.add(e);
                    }
                }
            }
            int last = fronts.get(commit - 1);
            for (Edge e : block.isEmpty() ? List.<Edge>of() : exact(block)) {
                if (e.front <= last) {
                    out.add(e);
                    backsTaken.add(e.back);
                }
            }
            start = commit;
        }
        return out;
    }

    private static List<Edge> exact(List<Edge> group) {
        List<Integer> fronts = group.stream().map(Edge::front).distinct().toList();
        List<Integer> backs = group.stream().map(Edge::back).distinct().toList();
        Map<Integer, Integer> row = new HashMap<>();
        Map<Integer, Integer> column = new HashMap<>();
        fronts.forEach(f -> row.put(f, row.size()));
        backs.forEach(b -> column.put(b, column.size()));
        // one "unpaired" column per front after the backs, so every front has somewhere to go
        int columns = backs.size() + fronts.size();
        double[][] cost = new double[fronts.size()][columns];
        for (double[] r : cost) {
            java.util.Arrays.fill(r, 0, backs.size(), FORBIDDEN);
            java.util.Arrays.fill(r, backs.size(), columns, UNPAIRED);
        }
        Map<Long, Edge> byCell = new HashMap<>();
        for (Edge e : group) {
            int r = row.get(e.front);
            int c = column.get(e.back);
            cost[r][c] = e.cost;
            byCell.put((long) r * columns + c, e);
        }
        int[] assigned = MinCostAssignment.solve(cost);
        List<Edge> out = new ArrayList<>();
        for (int r = 0; r < fronts.size(); r++) {
            Edge e = byCell.get((long) r * columns + assigned[r]);
            if (e != null) {
                out.add(e);
            }
        }
        return out;
    }

    /** Other candidates of one of the pair's requests whose delays are at most about twice this pair's. */
    private static int rivals(Edge chosen, List<Edge> sharing) {
        double limit = Math.max(4 * chosen.cost, chosen.cost + 1);
        int n = 0;
        for (Edge e : sharing) {
            if (e != chosen && e.cost <= limit) {
                n++;
            }
        }
        return n;
    }

    private static double confidence(Edge e, int rivals, HttpExchange front, HttpExchange back) {
        double base = switch (e.evidence) {
            case XFF -> 0.99;
            case FINGERPRINT -> 0.9;
            case TIMING -> sizeMismatches(front, back) == 0 ? 0.8 : 0.6;
        };
        return Math.round(base * Math.pow(0.7, rivals) * 100) / 100.0;
    }
}
