package org.unveil.balance.glob;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.unveil.balance.SimPacket;
import org.unveil.balance.SimulationContext;
import org.unveil.glob.PortRange;
import org.unveil.glob.RuleView;
import org.unveil.glob.ThesisExample;

/** The conformance test of §12.3.4 (Figure 25) in the simulator: three engines over the simulated network. */
class ThesisExampleTest {
    private static final long POLL = ThesisExample.CONFIG.pollIntervalNanos();

    private final GlobScheduler glob = new GlobScheduler(ThesisExample.CONFIG);
    private final SimPacket packet = new SimPacket();
    private int polls;

    /** Sends one interval of the example's fixed loads, then lets the poll at its end run. */
    private void runPoll() {
        long start = polls * POLL;
        for (int[] leaf : ThesisExample.LOADS) {
            packet.timeNanos = start + 1;
            packet.internalPort = leaf[0];
            packet.externalPort = leaf[1];
            packet.bytes = leaf[2] * 1000;
            glob.advanceTo(packet.timeNanos);
            glob.assign(packet);
        }
        polls++;
        glob.advanceTo(polls * POLL);
        assertThat(glob.pollsRun()).isEqualTo(polls);
    }

    @Test
    void replaysTheSimplifiedThreeNodeExampleOfFigure25() {
        glob.start(ThesisExample.NODES, new SimulationContext(new Random(0), ThesisExample.NODES));
        glob.advanceTo(0);
        assertThat(ThesisExample.describe(glob.rules())).as("0. node 0 has the single rule").isEqualTo("1:0/-");
        for (ThesisExample.Step step : ThesisExample.STEPS) {
            if (step.kind() == ThesisExample.Kind.POLL) {
                runPoll();
            } else {
                glob.nodeDown(step.node(), polls * POLL + 1);
            }
            assertThat(ThesisExample.describe(glob.rules())).as(step.what()).isEqualTo(step.rules());
            if (step.what().startsWith("4.")) {
                RuleView rule8 = glob.rules().stream().filter(rule -> rule.id() == 8).findFirst().orElseThrow();
                assertThat(rule8.internal()).isEqualTo(new PortRange(0, 32767));
                assertThat(rule8.external()).isEqualTo(new PortRange(0, 16383));
            }
        }
    }
}
