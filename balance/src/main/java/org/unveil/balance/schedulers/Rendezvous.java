package org.unveil.balance.schedulers;

import org.unveil.balance.SimPacket;
import org.unveil.balance.SimulationContext;

/**
 * Rendezvous / highest-random-weight hashing (Thaler and Ravishankar, 1998): a flow goes to the live node
 * with the highest hash of (flow, node). Removing a node moves only its flows; adding one moves flows only
 * onto it.
 */
public final class Rendezvous extends StatelessScheduler {
    private long[] nodeSalt;

    @Override
    public String name() {
        return "rendezvous";
    }

    @Override
    void started(SimulationContext context) {
        long seed = context.random().nextLong();
        nodeSalt = new long[members.capacity()];
        for (int node = 0; node < nodeSalt.length; node++) {
            nodeSalt[node] = FlowHash.combine(seed, node);
        }
    }

    @Override
    int lookup(SimPacket packet) {
        long flow = FlowHash.flow(packet);
        int best = -1;
        long bestWeight = 0;
        for (int i = 0; i < members.count(); i++) {
            int node = members.get(i);
            long weight = FlowHash.mix(flow ^ nodeSalt[node]);
            // Unsigned comparison; a tie (astronomically rare) goes to the lower node id.
            if (best < 0 || Long.compareUnsigned(weight, bestWeight) > 0) {
                best = node;
                bestWeight = weight;
            }
        }
        return best;
    }
}
