package org.unveil.hosts.cluster;

import it.unimi.dsi.fastutil.ints.Int2DoubleOpenHashMap;

/**
 * The weak evidence (edges below the strong level, in bits, negative ones included) between groups, by group
 * id, kept up to date as groups merge, so comparing two groups costs a lookup however big they grow. The part
 * that global-counter edges give is kept apart too: it is void between two groups whose flows, together, step
 * back on the counter those edges say they share. Rows are fastutil primitive maps: boxed ones held some 70 bytes a
 * partner, twice for each weak pair.
 */
final class GroupAffinity {
    private final Int2DoubleOpenHashMap[] between;
    private final Int2DoubleOpenHashMap[] global;

    /**
     * @param pairs every pair's evidence, all kinds summed
     * @param globalPairs the part of it that global-counter edges give
     */
    GroupAffinity(HostGroup[] groupOf, PairEvidence pairs, PairEvidence globalPairs, double strong) {
        between = new Int2DoubleOpenHashMap[groupOf.length];
        global = new Int2DoubleOpenHashMap[groupOf.length];
        for (int i = 0; i < pairs.size(); i++) {
            long pair = pairs.key(i);
            double bits = pairs.bits(i);
            HostGroup a = groupOf[HostClusterer.first(pair)];
            HostGroup b = groupOf[HostClusterer.second(pair)];
            if (a != b && bits < strong) {
                add(between, a.id, b.id, bits);
                int g = globalPairs.indexOf(pair);
                if (g >= 0) {
                    add(global, a.id, b.id, globalPairs.bits(g));
                }
            }
        }
    }

    private static void add(Int2DoubleOpenHashMap[] table, int a, int b, double bits) {
        row(table, a).addTo(b, bits);
        row(table, b).addTo(a, bits);
    }

    private static Int2DoubleOpenHashMap row(Int2DoubleOpenHashMap[] table, int id) {
        Int2DoubleOpenHashMap r = table[id];
        if (r == null) {
            r = table[id] = new Int2DoubleOpenHashMap(2); // most groups have few partners
        }
        return r;
    }

    double bits(HostGroup a, HostGroup b) {
        double all = lookup(between, a, b);
        double fromGlobal = lookup(global, a, b);
        return fromGlobal != 0 && a.global.refutes(b.global) ? all - fromGlobal : all;
    }

    private static double lookup(Int2DoubleOpenHashMap[] table, HostGroup a, HostGroup b) {
        Int2DoubleOpenHashMap row = table[a.id];
        return row == null ? 0 : row.get(b.id);
    }

    /** The ids of the groups with any weak evidence towards {@code g}. */
    int[] partners(HostGroup g) {
        Int2DoubleOpenHashMap row = between[g.id];
        return row == null ? new int[0] : row.keySet().toIntArray();
    }

    /** {@code from} has been absorbed into {@code into}: its evidence now counts for {@code into}. */
    void merged(HostGroup into, HostGroup from) {
        merged(between, into, from);
        merged(global, into, from);
    }

    private static void merged(Int2DoubleOpenHashMap[] table, HostGroup into, HostGroup from) {
        Int2DoubleOpenHashMap row = table[from.id];
        if (row == null) {
            return;
        }
        table[from.id] = null;
        for (int other : row.keySet().toIntArray()) {
            table[other].remove(from.id);
            if (other != into.id) {
                add(table, into.id, other, row.get(other));
            }
        }
    }
}
