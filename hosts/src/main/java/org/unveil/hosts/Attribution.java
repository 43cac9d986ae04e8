package org.unveil.hosts;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Where a flow past the clustering budget goes: to the host that most clustered flows alike in TTL, OS, SYN
 * layout and User-Agent went to (the most specific of those keys that any clustered flow shares), with that share
 * as confidence; a flow alike in nothing goes to the biggest host. Constant work per flow, and what it holds
 * grows with the distinct keys of the clustered flows only.
 */
final class Attribution {
    private static final int KEY_LEVELS = 4;
    private final List<Map<String, double[]>> choice = new ArrayList<>();
    private final double[] fallback;

    /** From the first {@code clustered} flows of {@code flows} and their hosts. */
    Attribution(List<FlowEvidence> flows, int clustered, int[] hostOf, int hosts) {
        List<Map<String, Map<Integer, Integer>>> votes = new ArrayList<>();
        for (int level = 0; level < KEY_LEVELS; level++) {
            votes.add(new HashMap<>());
        }
        int[] sizes = new int[hosts];
        for (int i = 0; i < clustered; i++) {
            if (hostOf[i] < 0) {
                continue; // no host took it
            }
            sizes[hostOf[i]]++;
            for (int level = 0; level < KEY_LEVELS; level++) {
                votes.get(level).computeIfAbsent(key(flows.get(i), level), k -> new HashMap<>())
                        .merge(hostOf[i], 1, Integer::sum);
            }
        }
        int biggest = 0;
        for (int h = 1; h < hosts; h++) {
            biggest = sizes[h] > sizes[biggest] ? h : biggest;
        }
        for (Map<String, Map<Integer, Integer>> level : votes) {
            Map<String, double[]> best = new HashMap<>();
            level.forEach((key, byHost) -> {
                int total = 0;
                int top = -1;
                int topVotes = 0;
                for (Map.Entry<Integer, Integer> e : byHost.entrySet()) {
                    total += e.getValue();
                    if (e.getValue() > topVotes || e.getValue() == topVotes && e.getKey() < top) {
                        top = e.getKey();
                        topVotes = e.getValue();
                    }
                }
                best.put(key, new double[] {top, (double) topVotes / total});
            });
            choice.add(best);
        }
        fallback = hosts == 0 ? new double[] {-1, 0} : new double[] {biggest, (double) sizes[biggest] / clustered};
    }

    /** {host, confidence} for the flow (host -1 where the address has none); not to be changed. */
    double[] choose(FlowEvidence f) {
        for (int level = 0; level < KEY_LEVELS; level++) {
            double[] c = choice.get(level).get(key(f, level));
            if (c != null) {
                return c;
            }
        }
        return fallback;
    }

    /** Level 0 the most specific: TTL, OS, SYN layout, User-Agent; then without the User-Agent, the layout, the OS. */
    private static String key(FlowEvidence f, int level) {
        StringBuilder k = new StringBuilder().append(f.initialTtl());
        if (level <= 2) {
            k.append('|').append(f.os() == null ? null : f.os().label(f.syn().initialTtl()));
        }
        if (level <= 1) {
            k.append('|').append(f.syn() == null ? null : f.syn().layout());
        }
        if (level == 0) {
            k.append('|').append(f.userAgent());
        }
        return k.toString();
    }
}
