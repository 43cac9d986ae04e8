package org.unveil.balance.schedulers;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class PowerOfTwoChoicesTest {

    @Test
    void sameSeedGivesSameChoices() {
        assertThat(run()).isEqualTo(run());
    }

    @Test
    void withTwoNodesBothAreAlwaysSampledSoLoadsStayWithinOne() {
        PowerOfTwoChoices p2c = Flows.started(new PowerOfTwoChoices(), 2, 2);
        int[] load = new int[2];
        for (long k = 0; k < 1000; k++) {
            load[p2c.assign(Packets.open(k))]++;
            assertThat(Math.abs(load[0] - load[1])).isLessThanOrEqualTo(1);
        }
    }

    @Test
    void spreadsMuchBetterThanOneRandomChoice() {
        PowerOfTwoChoices p2c = Flows.started(new PowerOfTwoChoices(), 10, 10);
        int[] load = new int[10];
        for (long k = 0; k < 10_000; k++) {
            load[p2c.assign(Packets.open(k))]++;
        }
        // With two choices the max load is m/n + O(log log n) (Azar et al. 1994); one random choice would
        // deviate by about sqrt(m/n) ≈ 32 per node. Allow a generous 10 either side of 1000.
        assertThat(Arrays.stream(load).max().getAsInt()).isLessThanOrEqualTo(1010);
        assertThat(Arrays.stream(load).min().getAsInt()).isGreaterThanOrEqualTo(990);
    }

    private static int[] run() {
        PowerOfTwoChoices p2c = Flows.started(new PowerOfTwoChoices(), 5, 5);
        int[] nodes = new int[500];
        for (int k = 0; k < nodes.length; k++) {
            nodes[k] = p2c.assign(Packets.of(k, true, k % 3 == 0));
        }
        return nodes;
    }
}
