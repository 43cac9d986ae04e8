package org.unveil.balance.schedulers;

import org.unveil.balance.ConnectionTable;
import org.unveil.balance.Membership;
import org.unveil.balance.Scheduler;
import org.unveil.balance.SimPacket;
import org.unveil.balance.SimulationContext;

/**
 * Base of the schedulers that pin each connection to the node chosen for its first packet and count the
 * connections each node holds; a dead node's connections are re-placed one by one.
 */
abstract class ConnectionTrackingScheduler implements Scheduler {
    private final ConnectionTable table = new ConnectionTable();
    /** Connections currently held by each node. */
    int[] active;
    /** Connections currently held by the whole cluster. */
    int activeTotal;
    Membership members;

    @Override
    public void start(int nodes, SimulationContext context) {
        members = new Membership(nodes, context.maxNodes());
        active = new int[members.capacity()];
        started(context);
    }

    @Override
    public int assign(SimPacket packet) {
        members.requireLive();
        int node = table.get(packet.connection);
        if (node < 0) {
            // Also covers a connection whose first packet we never saw: it is placed like a new one.
            node = place(packet);
            table.put(packet.connection, node);
            active[node]++;
            activeTotal++;
        }
        if (packet.lastOfConnection) {
            table.remove(packet.connection);
            active[node]--;
            activeTotal--;
        }
        return node;
    }

    @Override
    public void nodeDown(int node, long nowNanos) {
        members.down(node);
        membershipChanged();
        if (active[node] > 0) {
            members.requireLive();
            table.reassign(node, connection -> {
                active[node]--;
                activeTotal--;
                int to = replace(connection);
                active[to]++;
                activeTotal++;
                return to;
            });
        }
    }

    @Override
    public void nodeUp(int node, long nowNanos) {
        members.up(node);
        membershipChanged();
    }

    /** Called once {@link #members} and {@link #active} exist. */
    void started(SimulationContext context) {
    }

    /** Called after every membership change, before any connection is re-placed. */
    void membershipChanged() {
    }

    /** The live node for a new connection, whose first packet is {@code packet}. */
    abstract int place(SimPacket packet);

    /** The live node for {@code connection}, whose node just died (it no longer counts in {@link #active}). */
    abstract int replace(long connection);
}
