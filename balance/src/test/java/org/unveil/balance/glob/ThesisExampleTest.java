package org.unveil.balance.glob;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.unveil.balance.SimPacket;
import org.unveil.balance.SimulationContext;

/**
 * Replays the simplified three-node example of §12.3.4 (Figure 25). The thesis assumes that load
 * observations correct the rule loads within one interval, so the history factor is 0 here.
 *
 * <p>The text fixes the loads (of a total of 100) up to a little freedom: node 0's total as a backup is 80
 * and node 1's is 20 in the fourth poll, rule 6 moving to node 1 gives 70:30, and in the fifth poll node 0
 * (70) sheds rule 9 whose load matches its excess of 20 while rule 8 would overload node 1. The leaves used:
 * rule 8 = 45, rule 9 = 20, rule 10 = 12, rule 11 = 8, rule 6 = 10, rule 7 = 5. The thesis's single 0-64
 * range becomes our two port dimensions; each split halves the larger one, external first on a tie, so the
 * rule numbers come out as in the text.
 */
class ThesisExampleTest {
    private static final long POLL = GlobConfig.THESIS.pollIntervalNanos();
    private static final GlobConfig EXAMPLE = new GlobConfig(POLL, 1.1, 0, 0.05, 0, 0);
    /** {internal port, external port, load} of each final rule's area. */
    private static final int[][] LEAVES = {
            {0, 0, 45}, {0, 16384, 20}, {32768, 0, 12}, {32768, 16384, 8}, {0, 32768, 10}, {32768, 32768, 5}};

    private final GlobScheduler glob = new GlobScheduler(EXAMPLE);
    private final SimPacket packet = new SimPacket();
    private int polls;

    /** Sends one interval of the example's fixed loads, then lets the poll at its end run. */
    private void runPoll() {
        long start = polls * POLL;
        for (int[] leaf : LEAVES) {
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

    /** Rules as "id:primary/backup", '-' for no backup, in id order. */
    private String rules() {
        return glob.rules().stream()
                .map(rule -> rule.id() + ":" + rule.primary() + "/" + (rule.backup() < 0 ? "-" : rule.backup()))
                .collect(Collectors.joining(" "));
    }

    @Test
    void replaysTheSimplifiedThreeNodeExampleOfFigure25() {
        glob.start(3, new SimulationContext(new Random(0), 3));
        glob.advanceTo(0);
        assertThat(rules()).as("0. node 0 has the single rule").isEqualTo("1:0/-");

        runPoll();
        assertThat(rules()).as("1. rule 1 split; backups node 1 and node 2; nothing can move").isEqualTo("2:0/1 3:0/2");

        runPoll();
        assertThat(rules()).as("2. rule 2 split into 4 and 5; rule 3 shifted to node 2")
                .isEqualTo("3:2/0 4:0/1 5:0/1");

        runPoll();
        assertThat(rules()).as("3. rule 5 to node 1; node 2 splits rule 3 into 6 and 7, backed up by node 0")
                .isEqualTo("4:0/1 5:1/0 6:2/0 7:2/0");

        runPoll();
        assertThat(rules()).as("4. 4 -> 8, 9 and 5 -> 10, 11; rule 6's backup becomes node 1 (70:30)")
                .isEqualTo("6:2/1 7:2/0 8:0/1 9:0/1 10:1/0 11:1/0");
        RuleView rule8 = glob.rules().stream().filter(rule -> rule.id() == 8).findFirst().orElseThrow();
        assertThat(rule8.internal()).isEqualTo(new PortRange(0, 32767));
        assertThat(rule8.external()).isEqualTo(new PortRange(0, 16383));

        glob.nodeDown(2, polls * POLL + 1);
        assertThat(rules()).as("5. node 2 fails: node 0 takes rule 7, node 1 takes rule 6, no backups")
                .isEqualTo("6:1/- 7:0/- 8:0/1 9:0/1 10:1/0 11:1/0");

        runPoll();
        assertThat(rules()).as("6. backups for 7 (node 1) and 6 (node 0); node 0 transfers rule 9 to node 1")
                .isEqualTo("6:1/0 7:0/1 8:0/1 9:1/0 10:1/0 11:1/0");

        runPoll();
        runPoll();
        assertThat(rules()).as("the system then stabilises").isEqualTo("6:1/0 7:0/1 8:0/1 9:1/0 10:1/0 11:1/0");
    }
}
