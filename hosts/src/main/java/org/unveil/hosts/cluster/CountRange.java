package org.unveil.hosts.cluster;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.unveil.hosts.ClockLines;
import org.unveil.hosts.FlowEvidence;
import org.unveil.hosts.evidence.SkewEstimate;
import org.unveil.hosts.link.EdgeList;

/**
 * The count range behind an address, from the hosts found. Low: the most hosts that are provably distinct,
 * pairwise kept apart by evidence one host cannot show (two TTLs, two clock rates, two crystals, a counter
 * beside random IPIDs, two counters at one destination that step back on each other). High: every host that
 * cannot be ruled out: within each host, the pieces of its flows that nothing a second identical machine would
 * show differently ties together (a counter continued, a clock line, one crystal, a cookie) could each be a
 * machine of their own; flows that carry nothing of a host's own (lookups, probes) make no piece.
 */
final class CountRange {
    /** Links weaker than this (bits) tie no pieces: a chance match of one in 16. */
    static final double TIE_BITS = 4;
    /** A skew this precise (one sigma, ppm) tells crystals apart (hosts differ by several ppm): it ties pieces. */
    static final double TIE_SKEW_SIGMA_PPM = 1;
    /** Beyond this many hosts the clique of distinct hosts is found greedily, not exactly. */
    private static final int EXACT_CLIQUE_HOSTS = 48;

    private CountRange() {
    }

    /**
     * Per host (its index in {@code hosts}), how many pieces of its flows nothing ties together.
     *
     * @param hostOf each flow's host, -1 for none
     * @param identity whether each flow carries anything of a host's own
     */
    static int[] pieces(List<HostGroup> hosts, int[] hostOf, boolean[] identity, EdgeList edges,
            List<FlowEvidence> flows, ClockLines lines) {
        int n = hostOf.length;
        int[] parent = new int[n];
        for (int i = 0; i < n; i++) {
            parent[i] = i;
        }
        for (int e = 0; e < edges.size(); e++) {
            int a = edges.a(e);
            int b = edges.b(e);
            if (edges.bits(e) >= TIE_BITS && hostOf[a] >= 0 && hostOf[a] == hostOf[b]) {
                union(parent, a, b);
            }
        }
        // one line, one crystal, one cookie, one global counter: whatever else differs, one machine
        Map<String, Integer> firstWith = new HashMap<>();
        for (int i = 0; i < n; i++) {
            if (hostOf[i] < 0 || !identity[i]) {
                continue;
            }
            int line = lines.lineOf(i);
            if (line >= 0) {
                tie(parent, firstWith, hostOf[i] + " line " + line, i);
                SkewEstimate skew = lines.skew(line);
                if (skew != null && skew.sigmaPpm() <= TIE_SKEW_SIGMA_PPM) {
                    tie(parent, firstWith, hostOf[i] + " crystal", i);
                }
            }
            FlowEvidence f = flows.get(i);
            if (f.cookie() != null) {
                tie(parent, firstWith, hostOf[i] + " cookie " + f.cookie(), i);
            }
            if (hosts.get(hostOf[i]).global.shownGlobal() && f.ipid() != null && f.ipid().count() >= 3) {
                tie(parent, firstWith, hostOf[i] + " global counter", i);
            }
        }
        int[] pieces = new int[hosts.size()];
        for (int i = 0; i < n; i++) {
            if (hostOf[i] >= 0 && identity[i] && find(parent, i) == i) {
                pieces[hostOf[i]]++;
            }
        }
        for (int h = 0; h < pieces.length; h++) {
            pieces[h] = Math.max(1, pieces[h]);
        }
        return pieces;
    }

    /** The most hosts pairwise provably distinct: a maximum clique of the "cannot be one" graph. */
    static int low(List<HostGroup> hosts) {
        int k = hosts.size();
        if (k == 0) {
            return 0;
        }
        boolean[][] apart = new boolean[k][k];
        for (int a = 0; a < k; a++) {
            for (int b = a + 1; b < k; b++) {
                apart[a][b] = apart[b][a] = hosts.get(a).provablyApart(hosts.get(b));
            }
        }
        if (k > EXACT_CLIQUE_HOSTS) {
            List<Integer> clique = new ArrayList<>();
            for (int h = 0; h < k; h++) {
                boolean all = true;
                for (int c : clique) {
                    all &= apart[h][c];
                }
                if (all) {
                    clique.add(h);
                }
            }
            return clique.size();
        }
        return largest(apart, 0, new ArrayList<>(), 0);
    }

    /** Branch and bound over hosts in order: the largest clique extending {@code clique} with hosts from {@code from}. */
    private static int largest(boolean[][] apart, int from, List<Integer> clique, int best) {
        best = Math.max(best, clique.size());
        for (int h = from; h < apart.length; h++) {
            if (clique.size() + apart.length - h <= best) {
                break;
            }
            boolean all = true;
            for (int c : clique) {
                all &= apart[h][c];
            }
            if (all) {
                clique.add(h);
                best = largest(apart, h + 1, clique, best);
                clique.removeLast();
            }
        }
        return best;
    }

    private static void tie(int[] parent, Map<String, Integer> firstWith, String key, int flow) {
        Integer first = firstWith.putIfAbsent(key, flow);
        if (first != null) {
            union(parent, first, flow);
        }
    }

    private static int find(int[] parent, int i) {
        while (parent[i] != i) {
            parent[i] = parent[parent[i]];
            i = parent[i];
        }
        return i;
    }

    private static void union(int[] parent, int a, int b) {
        parent[find(parent, a)] = find(parent, b);
    }
}
