package org.unveil.balance.schedulers;

import org.unveil.balance.SimPacket;
import org.unveil.balance.SimulationContext;

/**
 * Consistent hashing with bounded loads (Mirrokni, Thorup and Zadimoghaddam, SODA 2018): no node may take
 * a new connection once it holds {@code ceil((1 + epsilon) * m / n)} connections (m counting the new one,
 * n live nodes); a connection walks the ring clockwise from its hash to the first node under that capacity.
 */
public final class BoundedLoadConsistentHash extends ConnectionTrackingScheduler {
    static final double DEFAULT_EPSILON = 0.25;

    private final double epsilon;
    private HashRing ring;

    public BoundedLoadConsistentHash() {
        this(DEFAULT_EPSILON);
    }

    public BoundedLoadConsistentHash(double epsilon) {
        if (!(epsilon > 0)) {
            throw new IllegalArgumentException("epsilon must be positive, got " + epsilon);
        }
        this.epsilon = epsilon;
    }

    @Override
    public String name() {
        return "bounded";
    }

    /** The most connections a node may hold right after a new one is placed. */
    int capacity() {
        return (int) Math.ceil((1 + epsilon) * (activeTotal + 1) / members.count());
    }

    @Override
    void started(SimulationContext context) {
        ring = new HashRing(context.random().nextLong(), RingHash.DEFAULT_VIRTUAL_NODES);
        ring.rebuild(members);
    }

    @Override
    void membershipChanged() {
        ring.rebuild(members);
    }

    @Override
    int place(SimPacket packet) {
        return walk(FlowHash.flow(packet));
    }

    @Override
    int replace(long connection) {
        // The table keeps only the node, not the flow key, so a re-placed connection starts its walk from
        // the hash of its number: just as uniform a point on the ring.
        return walk(FlowHash.mix(connection));
    }

    private int walk(long hash) {
        int capacity = capacity();
        int start = ring.firstAtOrAfter(hash);
        // capacity * n >= (1 + epsilon) * (m + 1) > m, so some live node is under capacity and the walk ends
        // within one lap.
        for (int step = 0; ; step++) {
            int node = ring.ownerAt(start + step);
            if (active[node] < capacity) {
                return node;
            }
        }
    }
}
