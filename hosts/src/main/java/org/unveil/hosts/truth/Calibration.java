package org.unveil.hosts.truth;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.unveil.hosts.AddressHosts;

/**
 * For calibrating confidence: whether each flow's host is right against labels: inferred hosts are matched one to one with true hosts,
 * the biggest shared share first; a flow is right when its inferred host's match is its true host.
 */
public final class Calibration {
    private Calibration() {
    }

    /** Per flow 1 right, 0 wrong, -1 unlabelled. */
    public static int[] correct(AddressHosts a, TruthMatcher truth) {
        int n = a.flows().size();
        String[] trueOf = new String[n];
        Map<Long, Integer> cells = new HashMap<>();
        Map<String, Integer> trueIds = new HashMap<>();
        for (int i = 0; i < n; i++) {
            trueOf[i] = truth.hostOf(a.flows().get(i));
            if (trueOf[i] != null) {
                int t = trueIds.computeIfAbsent(trueOf[i], k -> trueIds.size());
                cells.merge(((long) a.hostOf(i) << 32) | t, 1, Integer::sum);
            }
        }
        List<Map.Entry<Long, Integer>> order = new ArrayList<>(cells.entrySet());
        order.sort(Map.Entry.<Long, Integer>comparingByValue().reversed());
        Map<Integer, Integer> match = new HashMap<>();
        Set<Integer> used = new HashSet<>();
        for (Map.Entry<Long, Integer> e : order) {
            int host = (int) (e.getKey() >>> 32);
            int t = (int) (long) e.getKey();
            if (!match.containsKey(host) && used.add(t)) {
                match.put(host, t);
            }
        }
        int[] right = new int[n];
        for (int i = 0; i < n; i++) {
            right[i] = trueOf[i] == null ? -1
                    : match.getOrDefault(a.hostOf(i), -1) == (int) trueIds.get(trueOf[i]) ? 1 : 0;
        }
        return right;
    }
}
