package org.unveil.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.unveil.proxy.sys.TcpRepair;

class ClockLagTest {
    /** The active node's clock 7,000 ms ahead; heartbeats reach the backup 3, 1 and 9 ms after they were written. */
    @Test
    void theLeastDelayedHeartbeatGivesTheLagFromBelow() {
        ClockLag lag = new ClockLag();
        lag.heard(10_000, 10_000 - 7_000 + 3);
        lag.heard(10_050, 10_050 - 7_000 + 1);
        lag.heard(10_100, 10_100 - 7_000 + 9);
        assertThat(lag.millis()).isEqualTo(6_999);
    }

    @Test
    void aBackupThatHeardNoHeartbeatTakesTheClocksAsOne() {
        assertThat(new ClockLag().millis()).isZero();
    }

    /**
     * A socket whose timestamp clock read 1,000,500 when its node's clock read 5,000 reads 1,000,500 + t later;
     * on a node whose clock is 7,000 ms behind (reading -2,000 + t then), the offset must give the same value.
     */
    @Test
    void aSampleMovedToAClockBehindContinuesTheSameTimestamps() {
        TcpRepair.Sample sampled = new TcpRepair.Sample(1, 2, 1460, 7, 7, 7, 1_000_500 - 5_000, 0, 0, 0);
        TcpRepair.Sample here = sampled.onClockBehind(7_000);
        long t = 1_234;
        assertThat(-2_000 + t + here.tsOffset()).isEqualTo(1_000_500 + t);
        assertThat(here.sendBase()).isEqualTo(1);
        assertThat(here.mss()).isEqualTo(1460);
    }
}
