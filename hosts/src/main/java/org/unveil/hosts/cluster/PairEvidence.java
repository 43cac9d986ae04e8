package org.unveil.hosts.cluster;

import it.unimi.dsi.fastutil.longs.Long2IntOpenHashMap;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.unveil.hosts.evidence.EvidenceKind;
import org.unveil.hosts.link.EdgeList;

/**
 * The evidence between each pair of flows an edge names, in bits: kinds summed, and of one kind only the best (a
 * clock at several rates counts once). Kept in primitive arrays and a primitive index, pairs in the order the edges
 * first name them: the boxed map it replaces held some 80 bytes a pair, and a capture of 28,000 flows has 300,000
 * pairs.
 */
final class PairEvidence {
    private static final EvidenceKind[] KIND_VALUES = EvidenceKind.values();
    private static final int KINDS = KIND_VALUES.length;

    private final long[] keys;
    private final double[] bits;
    private final int[] kinds;
    private final Long2IntOpenHashMap index;

    private PairEvidence(long[] keys, double[] bits, int[] kinds, Long2IntOpenHashMap index) {
        this.keys = keys;
        this.bits = bits;
        this.kinds = kinds;
        this.index = index;
    }

    /** Every pair the edges name, its edges' evidence summed as above. */
    static PairEvidence of(EdgeList edges) {
        int n = edges.size();
        Long2IntOpenHashMap index = new Long2IntOpenHashMap(n);
        index.defaultReturnValue(-1);
        long[] keys = new long[n];
        int[] pairOf = new int[n];
        int pairs = 0;
        for (int i = 0; i < n; i++) {
            long key = HostClusterer.key(edges.a(i), edges.b(i));
            int at = index.putIfAbsent(key, pairs);
            if (at < 0) {
                keys[pairs] = key;
                at = pairs++;
            }
            pairOf[i] = at;
        }
        index.trim();
        // each pair's edges, in edge order, by a counting sort on the pair
        int[] start = new int[pairs + 1];
        for (int i = 0; i < n; i++) {
            start[pairOf[i] + 1]++;
        }
        for (int p = 0; p < pairs; p++) {
            start[p + 1] += start[p];
        }
        int[] fill = Arrays.copyOf(start, pairs);
        int[] byPair = new int[n];
        for (int i = 0; i < n; i++) {
            byPair[fill[pairOf[i]]++] = i;
        }
        double[] bits = new double[pairs];
        int[] kinds = new int[pairs];
        double[] best = new double[KINDS];
        for (int p = 0; p < pairs; p++) {
            int mask = 0;
            for (int j = start[p]; j < start[p + 1]; j++) {
                int e = byPair[j];
                int k = edges.kind(e).ordinal();
                best[k] = (mask & 1 << k) == 0 ? edges.bits(e) : Math.max(best[k], edges.bits(e));
                mask |= 1 << k;
            }
            double sum = 0;
            for (int k = 0; k < KINDS; k++) { // summed in the kinds' order, so a sum is the same whatever found it
                if ((mask & 1 << k) != 0) {
                    sum += best[k];
                }
            }
            bits[p] = sum;
            kinds[p] = mask;
        }
        return new PairEvidence(Arrays.copyOf(keys, pairs), bits, kinds, index);
    }

    int size() {
        return keys.length;
    }

    /** The i-th pair's key ({@link HostClusterer#key}). */
    long key(int i) {
        return keys[i];
    }

    double bits(int i) {
        return bits[i];
    }

    /** The evidence between flows {@code a} and {@code b}; 0 for a pair no edge names. */
    double bits(int a, int b) {
        int at = indexOf(HostClusterer.key(a, b));
        return at < 0 ? 0 : bits[at];
    }

    /** The position of the pair of key {@code key}, or -1 when no edge names it. */
    int indexOf(long key) {
        return index.get(key);
    }

    /** The kinds of evidence the i-th pair's edges carry. */
    Set<EvidenceKind> kinds(int i) {
        Set<EvidenceKind> set = EnumSet.noneOf(EvidenceKind.class);
        for (EvidenceKind k : KIND_VALUES) {
            if ((kinds[i] & 1 << k.ordinal()) != 0) {
                set.add(k);
            }
        }
        return set;
    }
}
