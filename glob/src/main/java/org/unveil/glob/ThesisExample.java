package org.unveil.glob;

import java.util.List;
import java.util.stream.Collectors;

/**
 * The simplified three-node example of §12.3.4 (Figure 25) as data, the conformance test every home of the
 * engine (the simulator, the UDP daemon) replays. The thesis assumes load observations correct the rule
 * loads within one interval, so the history factor is 0.
 *
 * <p>The text fixes the loads (of a total of 100) up to a little freedom: node 0's total as a backup is 80
 * and node 1's is 20 in the fourth poll, rule 6 moving to node 1 gives 70:30, and in the fifth poll node 0
 * (70) sheds rule 9 whose load matches its excess of 20 while rule 8 would overload node 1. The leaves used:
 * rule 8 = 45, rule 9 = 20, rule 10 = 12, rule 11 = 8, rule 6 = 10, rule 7 = 5. The thesis's single 0-64
 * range becomes our two port dimensions; each split halves the larger one, external first on a tie, so the
 * rule numbers come out as in the text.
 */
public final class ThesisExample {
    public static final int NODES = 3;
    public static final GlobConfig CONFIG = new GlobConfig(GlobConfig.THESIS.pollIntervalNanos(), 1.1, 0, 0.05, 0, 0);
    /** {internal port, external port, kilobytes} sent in every interval, one point in each final rule. */
    public static final List<int[]> LOADS = List.of(
            new int[] {0, 0, 45}, new int[] {0, 16384, 20}, new int[] {32768, 0, 12}, new int[] {32768, 16384, 8},
            new int[] {0, 32768, 10}, new int[] {32768, 32768, 5});

    /** What happens at a step: a poll after one interval of {@link #LOADS}, or a node failing. */
    public enum Kind { POLL, FAIL }

    /** One step and the rules expected after it ("id:primary/backup", '-' for none, in id order). */
    public record Step(Kind kind, int node, String what, String rules) {
    }

    public static final List<Step> STEPS = List.of(
            new Step(Kind.POLL, -1, "1. rule 1 split; backups node 1 and node 2; nothing can move", "2:0/1 3:0/2"),
            new Step(Kind.POLL, -1, "2. rule 2 split into 4 and 5; rule 3 shifted to node 2", "3:2/0 4:0/1 5:0/1"),
            new Step(Kind.POLL, -1, "3. rule 5 to node 1; node 2 splits rule 3 into 6 and 7, backed up by node 0",
                    "4:0/1 5:1/0 6:2/0 7:2/0"),
            new Step(Kind.POLL, -1, "4. 4 -> 8, 9 and 5 -> 10, 11; rule 6's backup becomes node 1 (70:30)",
                    "6:2/1 7:2/0 8:0/1 9:0/1 10:1/0 11:1/0"),
            new Step(Kind.FAIL, 2, "5. node 2 fails: node 0 takes rule 7, node 1 takes rule 6, no backups",
                    "6:1/- 7:0/- 8:0/1 9:0/1 10:1/0 11:1/0"),
            new Step(Kind.POLL, -1, "6. backups for 7 (node 1) and 6 (node 0); node 0 transfers rule 9 to node 1",
                    "6:1/0 7:0/1 8:0/1 9:1/0 10:1/0 11:1/0"),
            new Step(Kind.POLL, -1, "the system then stabilises", "6:1/0 7:0/1 8:0/1 9:1/0 10:1/0 11:1/0"),
            new Step(Kind.POLL, -1, "and stays so", "6:1/0 7:0/1 8:0/1 9:1/0 10:1/0 11:1/0"));

    private ThesisExample() {
    }

    /** Rules as the steps write them: "id:primary/backup", '-' for no backup, in id order. */
    public static String describe(List<RuleView> rules) {
        return rules.stream().sorted(java.util.Comparator.comparingLong(RuleView::id))
                .map(rule -> rule.id() + ":" + rule.primary() + "/" + (rule.backup() < 0 ? "-" : rule.backup()))
                .collect(Collectors.joining(" "));
    }
}
