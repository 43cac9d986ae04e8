package org.unveil.balance.schedulers;

import java.util.Random;
import org.unveil.balance.Scheduler;
import org.unveil.balance.SimulationContext;

/** Assigns many independent flows at once, for measuring how hash schedulers spread and remap them. */
final class Flows {
    private final Trace.Flow[] flows;

    Flows(long seed, int count) {
        Random random = new Random(seed);
        flows = new Trace.Flow[count];
        for (int i = 0; i < count; i++) {
            flows[i] = Trace.randomFlow(random);
        }
    }

    /** A started scheduler on {@code nodes} nodes (room for {@code maxNodes}), seeded with 7. */
    static <S extends Scheduler> S started(S scheduler, int nodes, int maxNodes) {
        scheduler.start(nodes, new SimulationContext(new Random(7), maxNodes));
        return scheduler;
    }

    /** The node of every flow, alternating packet direction to show it does not matter. */
    int[] assign(Scheduler scheduler) {
        int[] nodes = new int[flows.length];
        for (int i = 0; i < flows.length; i++) {
            nodes[i] = scheduler.assign(Trace.packetOf(flows[i], i, i % 2 == 0));
        }
        return nodes;
    }

    static int[] counts(int[] assignment, int nodes) {
        int[] counts = new int[nodes];
        for (int node : assignment) {
            counts[node]++;
        }
        return counts;
    }
}
