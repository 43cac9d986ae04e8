package org.unveil.balance.schedulers;

import org.unveil.balance.SimPacket;

/** The thesis's simple round robin: connection k goes to live node k mod n and stays there. */
public final class SimpleRoundRobin extends ConnectionTrackingScheduler {
    /** Rotates over live nodes when a dead node's connections are handed out. */
    private int next;

    @Override
    public String name() {
        return "srr";
    }

    @Override
    int place(SimPacket packet) {
        return members.get((int) Long.remainderUnsigned(packet.connection, members.count()));
    }

    @Override
    int replace(long connection) {
        next = (next + 1) % members.count();
        return members.get(next);
    }
}
