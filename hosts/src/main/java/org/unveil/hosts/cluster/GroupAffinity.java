package org.unveil.hosts.cluster;

import java.util.HashMap;
import java.util.Map;

/**
 * The weak evidence (edges below the strong level, in bits, negative ones included) between groups, by group
 * id, kept up to date as groups merge, so comparing two groups costs a lookup however big they grow.
 */
final class GroupAffinity {
    private final Map<Integer, Map<Integer, Double>> between = new HashMap<>();

    GroupAffinity(HostGroup[] groupOf, Map<Long, Double> pairBits, double strong) {
        pairBits.forEach((pair, bits) -> {
            HostGroup a = groupOf[(int) (pair >>> 32)];
            HostGroup b = groupOf[(int) (long) pair];
            if (a != b && bits < strong) {
                add(a.id, b.id, bits);
            }
        });
    }

    private void add(int a, int b, double bits) {
        between.computeIfAbsent(a, k -> new HashMap<>()).merge(b, bits, Double::sum);
        between.computeIfAbsent(b, k -> new HashMap<>()).merge(a, bits, Double::sum);
    }

    double bits(HostGroup a, HostGroup b) {
        Map<Integer, Double> row = between.get(a.id);
        return row == null ? 0 : row.getOrDefault(b.id, 0.0);
    }

    /** The groups with any weak evidence towards {@code g}, by id. */
    Map<Integer, Double> partners(HostGroup g) {
        return between.getOrDefault(g.id, Map.of());
    }

    /** {@code from} has been absorbed into {@code into}: its evidence now counts for {@code into}. */
    void merged(HostGroup into, HostGroup from) {
        Map<Integer, Double> row = between.remove(from.id);
        if (row == null) {
            return;
        }
        for (Map.Entry<Integer, Double> e : row.entrySet()) {
            int other = e.getKey();
            between.get(other).remove(from.id);
            if (other != into.id) {
                add(into.id, other, e.getValue());
            } else {
                between.get(into.id).remove(from.id);
            }
        }
    }
}
