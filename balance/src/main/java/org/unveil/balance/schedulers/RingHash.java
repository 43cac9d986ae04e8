package org.unveil.balance.schedulers;

import org.unveil.balance.SimPacket;
import org.unveil.balance.SimulationContext;

/** Consistent hashing with virtual nodes (100 per node by default): a flow goes to the next point clockwise. */
public final class RingHash extends StatelessScheduler {
    static final int DEFAULT_VIRTUAL_NODES = 100;

    private final int virtualNodes;
    private HashRing ring;

    public RingHash() {
        this(DEFAULT_VIRTUAL_NODES);
    }

    public RingHash(int virtualNodes) {
        this.virtualNodes = virtualNodes;
    }

    @Override
    public String name() {
        return "ring";
    }

    @Override
    void started(SimulationContext context) {
        ring = new HashRing(context.random().nextLong(), virtualNodes);
    }

    @Override
    void rebuild() {
        ring.rebuild(members);
    }

    @Override
    int lookup(SimPacket packet) {
        return ring.ownerAt(ring.firstAtOrAfter(FlowHash.flow(packet)));
    }
}
