package org.unveil.balance.schedulers;

import org.unveil.balance.Membership;
import org.unveil.balance.Scheduler;
import org.unveil.balance.SimPacket;
import org.unveil.balance.SimulationContext;

/**
 * Base of the schedulers that keep no per-connection state: the node is a function of the packet's header
 * and the current membership, so every membership change that alters that function breaks connections.
 */
abstract class StatelessScheduler implements Scheduler {
    Membership members;

    @Override
    public void start(int nodes, SimulationContext context) {
        members = new Membership(nodes, context.maxNodes());
        started(context);
        rebuild();
    }

    @Override
    public int assign(SimPacket packet) {
        members.requireLive();
        return lookup(packet);
    }

    @Override
    public void nodeDown(int node, long nowNanos) {
        members.down(node);
        rebuild();
    }

    @Override
    public void nodeUp(int node, long nowNanos) {
        members.up(node);
        rebuild();
    }

    /** Called once {@link #members} exists, before the first {@link #rebuild}. */
    void started(SimulationContext context) {
    }

    /** Recomputes whatever lookup structure depends on membership. */
    void rebuild() {
    }

    /** The live node for {@code packet}; at least one node is alive. */
    abstract int lookup(SimPacket packet);
}
