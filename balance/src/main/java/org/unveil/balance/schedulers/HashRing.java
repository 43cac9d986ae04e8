package org.unveil.balance.schedulers;

import org.unveil.balance.Membership;
import java.util.Arrays;

/**
 * A consistent-hashing ring (Karger et al., 1997): each live node is placed at {@code virtualNodes}
 * pseudo-random points; a key belongs to the first point at or after its hash, wrapping around.
 */
final class HashRing {
    private final long seed;
    private final int virtualNodes;
    private long[] points = new long[0];
    private int[] owners = new int[0];

    HashRing(long seed, int virtualNodes) {
        if (virtualNodes < 1) {
            throw new IllegalArgumentException("virtual nodes must be at least 1, got " + virtualNodes);
        }
        this.seed = seed;
        this.virtualNodes = virtualNodes;
    }

    /** Places the live nodes of {@code members}; a node's points depend only on its id, not on the others. */
    void rebuild(Membership members) {
        int n = members.count() * virtualNodes;
        long[] raw = new long[n];
        for (int i = 0; i < members.count(); i++) {
            int node = members.get(i);
            for (int v = 0; v < virtualNodes; v++) {
                raw[i * virtualNodes + v] = FlowHash.combine(FlowHash.combine(seed, node), v);
            }
        }
        // Sort point indices by point so owners can follow; signed order is fine as long as lookups agree.
        Integer[] order = new Integer[n];
        Arrays.setAll(order, k -> k);
        Arrays.sort(order, (x, y) -> Long.compare(raw[x], raw[y]));
        points = new long[n];
        owners = new int[n];
        for (int k = 0; k < n; k++) {
            points[k] = raw[order[k]];
            owners[k] = members.get(order[k] / virtualNodes);
        }
    }

    int size() {
        return points.length;
    }

    /** The index of the first point at or after {@code hash}, clockwise. */
    int firstAtOrAfter(long hash) {
        int at = Arrays.binarySearch(points, hash);
        if (at < 0) {
            at = -at - 1;
        }
        return at == points.length ? 0 : at;
    }

    /** The node at point {@code index}, taken modulo the ring size so callers can walk on. */
    int ownerAt(int index) {
        return owners[index % owners.length];
    }
}
