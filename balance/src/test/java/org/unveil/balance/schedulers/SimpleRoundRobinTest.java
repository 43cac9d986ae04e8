package org.unveil.balance.schedulers;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SimpleRoundRobinTest {

    @Test
    void assignsConnectionKToKModN() {
        SimpleRoundRobin srr = Flows.started(new SimpleRoundRobin(), 4, 4);
        for (long k = 0; k < 20; k++) {
            assertThat(srr.assign(Packets.open(k))).isEqualTo((int) (k % 4));
        }
    }

    @Test
    void laterPacketsOfAConnectionStayOnItsNode() {
        SimpleRoundRobin srr = Flows.started(new SimpleRoundRobin(), 3, 3);
        srr.assign(Packets.open(0));
        srr.assign(Packets.open(1));
        assertThat(srr.assign(Packets.middle(0))).isZero();
        assertThat(srr.assign(Packets.close(1))).isEqualTo(1);
    }

    @Test
    void deadNodesConnectionsAreDealtRoundRobinAmongLiveNodes() {
        SimpleRoundRobin srr = Flows.started(new SimpleRoundRobin(), 3, 3);
        for (long k = 0; k < 30; k++) {
            srr.assign(Packets.open(k));
        }
        srr.nodeDown(1, 0);
        int[] moved = new int[3];
        for (long k = 1; k < 30; k += 3) {
            moved[srr.assign(Packets.middle(k))]++;
        }
        assertThat(moved[1]).isZero();
        assertThat(Math.abs(moved[0] - moved[2])).isLessThanOrEqualTo(1);
        assertThat(srr.assign(Packets.middle(0))).isZero();
        assertThat(srr.assign(Packets.middle(2))).isEqualTo(2);
    }

    @Test
    void newConnectionsUseTheLiveNodesOnly() {
        SimpleRoundRobin srr = Flows.started(new SimpleRoundRobin(), 3, 3);
        srr.nodeDown(0, 0);
        assertThat(srr.assign(Packets.open(0))).isEqualTo(1);
        assertThat(srr.assign(Packets.open(1))).isEqualTo(2);
    }
}
