package org.unveil.balance.schedulers;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LeastConnectionsTest {

    @Test
    void newConnectionGoesToTheFirstNodeWithFewestConnections() {
        LeastConnections lc = Flows.started(new LeastConnections(), 3, 3);
        assertThat(lc.assign(Packets.open(0))).isZero();
        assertThat(lc.assign(Packets.open(1))).isEqualTo(1);
        assertThat(lc.assign(Packets.open(2))).isEqualTo(2);
        assertThat(lc.assign(Packets.open(3))).isZero();
        // Closing connection 1 leaves node 1 the least loaded.
        assertThat(lc.assign(Packets.close(1))).isEqualTo(1);
        assertThat(lc.assign(Packets.open(4))).isEqualTo(1);
    }

    @Test
    void aConnectionIsForgottenAfterItsLastPacket() {
        LeastConnections lc = Flows.started(new LeastConnections(), 2, 2);
        lc.assign(Packets.of(0, true, true));
        assertThat(lc.assign(Packets.open(1))).isZero();
    }

    @Test
    void deadNodesConnectionsArePlacedOnTheLeastLoaded() {
        LeastConnections lc = Flows.started(new LeastConnections(), 3, 3);
        for (long k = 0; k < 6; k++) {
            lc.assign(Packets.open(k)); // two per node: 0,3 → 0; 1,4 → 1; 2,5 → 2
        }
        lc.assign(Packets.close(0)); // node 0 now holds one
        lc.nodeDown(2, 0);
        // Node 2's two connections fill node 0 up first (1 < 2), then the tie goes to node 0 (first).
        assertThat(lc.assign(Packets.middle(2))).isZero();
        assertThat(lc.assign(Packets.middle(5))).isZero();
        assertThat(lc.assign(Packets.open(6))).isEqualTo(1);
    }
}
