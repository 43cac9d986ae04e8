package org.unveil.balance.glob;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.unveil.balance.SimPacket;
import org.unveil.balance.SimulationContext;
import org.unveil.glob.GlobConfig;

/** The testbed's replay mode: every node polls at its own phase, as each gateway daemon does from its start. */
class GlobPollPhasesTest {
    private static final long S = 1_000_000_000L;

    @Test
    void eachNodePollsAtItsOwnPhaseAndTheFounderStillShedsLoad() {
        GlobScheduler glob = new GlobScheduler(GlobConfig.THESIS.withPollInterval(S));
        glob.start(3, new SimulationContext(new Random(1), 3));
        glob.pollPhases(new long[] {S, S + 300_000_000L, S + 700_000_000L});
        List<Long> polls = new ArrayList<>();
        glob.onPoll(polls::add);
        SimPacket packet = new SimPacket();
        Random random = new Random(7);
        int[] served = new int[3];
        // 1000-byte packets every 10 ms for 20 s over the whole port space
        for (long t = 10_000_000L; t <= 20 * S; t += 10_000_000L) {
            glob.advanceTo(t);
            packet.timeNanos = t;
            packet.bytes = 1000;
            packet.internalPort = random.nextInt(65536);
            packet.externalPort = random.nextInt(65536);
            served[glob.assign(packet)]++;
        }
        assertThat(polls.subList(0, 6)).containsExactly(S, S + 300_000_000L, S + 700_000_000L, 2 * S,
                2 * S + 300_000_000L, 2 * S + 700_000_000L);
        assertThat(polls).hasSize(3 * 20 - 2); // node 1's and node 2's 20th polls fall after 20 s
        // the founder (node 0) handed rules to both peers
        assertThat(served[1]).isPositive();
        assertThat(served[2]).isPositive();
    }
}
