package org.unveil.balance.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** JSON and CSV come from one list of measures: the contract's names, the same values, old columns first. */
class ResultColumnsTest {
    private static final RunResult RUN = new RunResult("glob", 4, new LoadStatistics(1000, 0.25, 0.5, 0.9),
            new LoadStatistics(900, Double.NaN, 0.4, 0.8), 0.97, 1.2, 0.1, 3, 2, 0.3, 0.25, 40, 500, 60_000, 70,
            1.1, null);

    @Test
    @SuppressWarnings("unchecked")
    void jsonKeepsTheReadmesNamesNestedAndNoNaN() {
        Map<String, Object> json = ResultColumns.json(RUN);
        assertThat(json).containsEntry("scheduler", "glob").containsEntry("nodes", 4).containsEntry("jain", 0.97)
                .containsEntry("brokenConnections", 5L).containsEntry("remappedFlows", 0.3);
        assertThat((Map<String, Object>) json.get("full")).containsEntry("peakBps", 1000.0).containsEntry("stddev", 0.25)
                .containsEntry("peakFraction", 0.5);
        assertThat((Map<String, Object>) json.get("stable")).containsEntry("stddev", null);
    }

    @Test
    void csvKeepsItsColumnsInOrderAndAddsNewOnesAtTheEnd() {
        List<String> lines = ResultColumns.csv(List.of(RUN)).lines().toList();
        assertThat(lines.getFirst()).startsWith("scheduler,nodes,full_peak_bps,full_stddev,full_peak_fraction,"
                + "stable_peak_bps,stable_stddev,stable_peak_fraction,jain,max_over_mean,cv,p99,broken_by_transfer,"
                + "broken_by_failure,remapped_flows,remap_ideal,control_messages,packets,bytes,");
        String[] header = lines.getFirst().split(",");
        String[] row = lines.get(1).split(",");
        assertThat(row).hasSameSizeAs(header);
        assertThat(row[0]).isEqualTo("glob");
        assertThat(row[List.of(header).indexOf("broken_connections")]).isEqualTo("5");
        assertThat(row[List.of(header).indexOf("full_stddev")]).isEqualTo("0.250000");
    }
}
