package org.unveil.balance.schedulers;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RingHashTest {
    private static final int FLOW_COUNT = 100_000;
    private static final Flows FLOWS = new Flows(13, FLOW_COUNT);

    @Test
    void removingANodeMovesOnlyItsFlows() {
        RingHash ring = Flows.started(new RingHash(), 8, 8);
        int[] before = FLOWS.assign(ring);
        ring.nodeDown(5, 0);
        int[] after = FLOWS.assign(ring);
        for (int i = 0; i < before.length; i++) {
            assertThat(after[i] != before[i]).as("flow %d", i).isEqualTo(before[i] == 5);
        }
    }

    @Test
    void returningNodeGetsExactlyItsFlowsBack() {
        RingHash ring = Flows.started(new RingHash(), 8, 8);
        int[] before = FLOWS.assign(ring);
        ring.nodeDown(5, 0);
        ring.nodeUp(5, 0);
        assertThat(FLOWS.assign(ring)).isEqualTo(before);
    }

    @ParameterizedTest
    @ValueSource(ints = {3, 4, 8, 16})
    void sharesWithHundredVirtualNodesStayWithinFortyPercentOfTheMean(int nodes) {
        int[] counts = Flows.counts(FLOWS.assign(Flows.started(new RingHash(), nodes, nodes)), nodes);
        double mean = (double) FLOW_COUNT / nodes;
        // A node's share is the sum of its 100 arcs, each roughly exponential with mean 1/(100 N), so its
        // relative standard deviation is about 1/sqrt(100) = 10%; ±40% is four standard deviations.
        // (Sampling noise of 100k flows adds under 2%; measured extremes at N = 16 are 0.73 and 1.17.)
        assertThat(Arrays.stream(counts).min().getAsInt()).isGreaterThan((int) (0.6 * mean));
        assertThat(Arrays.stream(counts).max().getAsInt()).isLessThan((int) (1.4 * mean));
    }
}
