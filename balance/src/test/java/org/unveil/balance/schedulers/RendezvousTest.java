package org.unveil.balance.schedulers;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RendezvousTest {
    private static final int FLOW_COUNT = 20_000;
    private static final Flows FLOWS = new Flows(9, FLOW_COUNT);

    @Test
    void removingANodeMovesExactlyTheFlowsThatWereOnIt() {
        Rendezvous hrw = Flows.started(new Rendezvous(), 8, 8);
        int[] before = FLOWS.assign(hrw);
        hrw.nodeDown(3, 0);
        int[] after = FLOWS.assign(hrw);
        for (int i = 0; i < before.length; i++) {
            assertThat(after[i] != before[i]).as("flow %d", i).isEqualTo(before[i] == 3);
        }
    }

    @Test
    void addingANodeMovesFlowsOnlyOntoIt() {
        Rendezvous hrw = Flows.started(new Rendezvous(), 7, 8);
        int[] before = FLOWS.assign(hrw);
        hrw.nodeUp(7, 0);
        int[] after = FLOWS.assign(hrw);
        int moved = 0;
        for (int i = 0; i < before.length; i++) {
            if (after[i] != before[i]) {
                assertThat(after[i]).isEqualTo(7);
                moved++;
            }
        }
        // The new node takes its fair share, 1/8 of the flows (sampling noise is well under 10%).
        assertThat(moved).isBetween(FLOW_COUNT / 8 * 9 / 10, FLOW_COUNT / 8 * 11 / 10);
    }
}
