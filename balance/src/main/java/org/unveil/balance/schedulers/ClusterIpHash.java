package org.unveil.balance.schedulers;

import org.unveil.balance.SimPacket;
import org.unveil.balance.SimulationContext;

/**
 * CLUSTERIP / xt_cluster: jhash of the source address, scaled onto the total node count, picks a bucket;
 * node b owns bucket b. A dead node's bucket is taken over by a live node (the dead buckets are dealt
 * round robin over the live nodes) and handed back when it returns.
 *
 * <p>xt_cluster hashes the source of the conntrack's original direction, so both directions of a
 * connection land together. Seen from a gateway whose connections start inside, that is the internal
 * address, which is what this hashes (no connection tracking needed).
 */
public final class ClusterIpHash extends StatelessScheduler {
    private int[] owner;
    private int seed;

    @Override
    public String name() {
        return "clusterip";
    }

    @Override
    void started(SimulationContext context) {
        // CLUSTERIP's --hash-init: one random seed per cluster.
        seed = context.random().nextInt();
        owner = new int[members.capacity()];
    }

    @Override
    void rebuild() {
        int taken = 0;
        for (int bucket = 0; bucket < owner.length; bucket++) {
            owner[bucket] = members.isAlive(bucket) || members.count() == 0
                    ? bucket
                    : members.get(taken++ % members.count());
        }
    }

    @Override
    int lookup(SimPacket packet) {
        long address = packet.internalAddress;
        int hash = Jhash.oneWord((int) (address ^ (address >>> 32)), seed);
        // reciprocal_scale(hash, total_nodes), as both kernel modules do.
        return owner[(int) (((hash & 0xffffffffL) * owner.length) >>> 32)];
    }
}
