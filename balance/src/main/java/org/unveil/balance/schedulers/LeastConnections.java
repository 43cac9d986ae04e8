package org.unveil.balance.schedulers;

import org.unveil.balance.SimPacket;

/** Least connections: each new connection goes to the first live node holding the fewest connections. */
public final class LeastConnections extends ConnectionTrackingScheduler {

    @Override
    public String name() {
        return "lc";
    }

    @Override
    int place(SimPacket packet) {
        return leastLoaded();
    }

    @Override
    int replace(long connection) {
        return leastLoaded();
    }

    private int leastLoaded() {
        int best = members.get(0);
        for (int i = 1; i < members.count(); i++) {
            int node = members.get(i);
            if (active[node] < active[best]) {
                best = node;
            }
        }
        return best;
    }
}
