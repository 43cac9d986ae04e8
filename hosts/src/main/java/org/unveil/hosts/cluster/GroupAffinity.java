package org.unveil.hosts.cluster;

import java.util.HashMap;
import java.util.Map;

/**
 * The weak evidence (edges below the strong level, in bits, negative ones included) between groups, by group
 * id, kept up to date as groups merge, so comparing two groups costs a lookup however big they grow. The part
 * that global-counter edges give is kept apart too: it is void between two groups whose flows, together, step
 * back on the counter those edges say they share.
 */
final class GroupAffinity {
    private final Map<Integer, Map<Integer, Double>> between = new HashMap<>();
    private final Map<Integer, Map<Integer, Double>> global = new HashMap<>();

    /**
     * @param pairBits every weak pair's evidence, all kinds summed
     * @param globalPairBits the part of it that global-counter edges give
     */
    GroupAffinity(HostGroup[] groupOf, Map<Long, Double> pairBits, Map<Long, Double> globalPairBits, double strong) {
        pairBits.forEach((pair, bits) -> {
            HostGroup a = groupOf[HostClusterer.first(pair)];
            HostGroup b = groupOf[HostClusterer.second(pair)];
            if (a != b && bits < strong) {
                add(between, a.id, b.id, bits);
                Double g = globalPairBits.get(pair);
                if (g != null) {
                    add(global, a.id, b.id, g);
                }
            }
        });
    }

    private static void add(Map<Integer, Map<Integer, Double>> table, int a, int b, double bits) {
        table.computeIfAbsent(a, k -> new HashMap<>()).merge(b, bits, Double::sum);
        table.computeIfAbsent(b, k -> new HashMap<>()).merge(a, bits, Double::sum);
    }

    double bits(HostGroup a, HostGroup b) {
        double all = lookup(between, a, b);
        double fromGlobal = lookup(global, a, b);
        return fromGlobal != 0 && a.global.refutes(b.global) ? all - fromGlobal : all;
    }

    private static double lookup(Map<Integer, Map<Integer, Double>> table, HostGroup a, HostGroup b) {
        Map<Integer, Double> row = table.get(a.id);
        return row == null ? 0 : row.getOrDefault(b.id, 0.0);
    }

    /** The groups with any weak evidence towards {@code g}, by id. */
    Map<Integer, Double> partners(HostGroup g) {
        return between.getOrDefault(g.id, Map.of());
    }

    /** {@code from} has been absorbed into {@code into}: its evidence now counts for {@code into}. */
    void merged(HostGroup into, HostGroup from) {
        merged(between, into, from);
        merged(global, into, from);
    }

    private static void merged(Map<Integer, Map<Integer, Double>> table, HostGroup into, HostGroup from) {
        Map<Integer, Double> row = table.remove(from.id);
        if (row == null) {
            return;
        }
        for (Map.Entry<Integer, Double> e : row.entrySet()) {
            int other = e.getKey();
            table.get(other).remove(from.id);
            if (other != into.id) {
                add(table, into.id, other, e.getValue());
            } else {
                table.get(into.id).remove(from.id);
            }
        }
    }
}
