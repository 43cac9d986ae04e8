package org.unveil.balance.schedulers;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.unveil.balance.SimPacket;
import org.unveil.balance.SimulationContext;

class BoundedLoadConsistentHashTest {
    private static final int NODES = 6;

    /** ceil((1 + 0.25) * m / n), m counting the connection just placed. */
    private static int bound(int connections, int liveNodes) {
        return (int) Math.ceil(1.25 * connections / liveNodes);
    }

    @Test
    void noNodeEverExceedsTheCapacityWhenConnectionsOnlyArrive() {
        BoundedLoadConsistentHash bounded = Flows.started(new BoundedLoadConsistentHash(), NODES, NODES);
        int[] load = new int[NODES];
        for (int m = 1; m <= 5000; m++) {
            load[bounded.assign(Packets.open(m))]++;
            for (int node = 0; node < NODES; node++) {
                assertThat(load[node]).as("node %d after %d connections", node, m)
                        .isLessThanOrEqualTo(bound(m, NODES));
            }
        }
    }

    @Test
    void everyPlacementRespectsTheCapacityWithDeparturesAndAFailure() {
        // With departures a node can sit above the (shrinking) bound until its connections end, as in the
        // paper; the invariant is that no placement ever pushes a node over the capacity of that moment.
        Trace trace = Trace.random(23, 4000, 10);
        BoundedLoadConsistentHash bounded = new BoundedLoadConsistentHash();
        bounded.start(NODES, new SimulationContext(new Random(5), NODES));
        int[] load = new int[NODES];
        int live = NODES;
        int active = 0;
        for (int i = 0; i < trace.size(); i++) {
            if (i == trace.size() / 2) {
                bounded.nodeDown(0, i);
                live--;
                // The dead node's connections were re-placed elsewhere, one at a time under the bound.
                System.arraycopy(bounded.active, 0, load, 0, NODES);
                assertThat(load[0]).isZero();
            }
            SimPacket packet = trace.packet(i);
            int node = bounded.assign(packet);
            if (packet.firstOfConnection) {
                active++;
                load[node]++;
                assertThat(load[node]).as("packet %d", i).isLessThanOrEqualTo(bound(active, live));
            }
            if (packet.lastOfConnection) {
                active--;
                load[node]--;
            }
        }
    }

    @Test
    void withRoomToSpareAConnectionGoesToItsRingNode() {
        BoundedLoadConsistentHash bounded = Flows.started(new BoundedLoadConsistentHash(), NODES, NODES);
        RingHash ring = Flows.started(new RingHash(), NODES, NODES);
        // Same seed, same ring: the first connection lands on an empty cluster, so on its plain ring node.
        SimPacket packet = Trace.packetOf(new Trace.Flow(6, 0x0a000001L, 1234, 0x01020304L, 443), 0, true);
        assertThat(bounded.assign(packet)).isEqualTo(ring.assign(packet));
    }
}
