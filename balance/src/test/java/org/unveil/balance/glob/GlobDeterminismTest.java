package org.unveil.balance.glob;

import org.unveil.glob.GlobConfig;
import org.unveil.glob.PortRange;
import org.unveil.glob.RuleView;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.unveil.balance.SimPacket;
import org.unveil.balance.SimulationContext;

class GlobDeterminismTest {
    private static final long SECOND = 1_000_000_000L;

    /** What a run produced: final rules, a digest of every assignment, and the control traffic. */
    private record Outcome(List<RuleView> rules, long assignmentDigest, long controlMessages) {
    }

    private static Outcome run(GlobConfig config, long seed) {
        GlobScheduler glob = new GlobScheduler(config);
        glob.start(4, new SimulationContext(new Random(seed), 4));
        SkewedTraffic traffic = new SkewedTraffic(seed, 1000);
        long digest = 0;
        for (int i = 0; i < 1000 * 300; i++) {
            SimPacket packet = traffic.next();
            if (i == 1000 * 150) {
                glob.nodeDown(3, packet.timeNanos);
            }
            if (i == 1000 * 200) {
                glob.nodeUp(3, packet.timeNanos);
            }
            glob.advanceTo(packet.timeNanos);
            digest = digest * 31 + glob.assign(packet);
        }
        return new Outcome(glob.rules(), digest, glob.controlMessages());
    }

    @Test
    void theSameSeedGivesTheSameRulesAndAssignments() {
        Outcome first = run(GlobConfig.THESIS, 99);
        assertThat(run(GlobConfig.THESIS, 99)).isEqualTo(first);
        assertThat(first.rules().size()).isGreaterThan(4);
    }

    @Test
    void aLossyDelayedControlNetworkIsDeterministicToo() {
        GlobConfig lossy = GlobConfig.THESIS.withNetwork(2 * SECOND, 0.3);
        Outcome first = run(lossy, 99);
        assertThat(run(lossy, 99)).isEqualTo(first);
        assertThat(first).isNotEqualTo(run(GlobConfig.THESIS, 99));
        GlobConfig slightlyLossy = GlobConfig.THESIS.withNetwork(0, 0.1);
        assertThat(run(slightlyLossy, 99)).isEqualTo(run(slightlyLossy, 99));
    }
}
