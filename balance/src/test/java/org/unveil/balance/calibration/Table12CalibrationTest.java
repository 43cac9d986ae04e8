package org.unveil.balance.calibration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.util.List;
import org.assertj.core.data.Percentage;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.unveil.balance.sim.RunResult;
import org.unveil.balance.traffic.TraceModel;

/**
 * The calibrated trace (seed 1, what {@code balance simulate --synthetic 1} runs) puts the schedulers that
 * learn nothing where the thesis's Table 12 has them (section 12.6; the figures are typed into
 * {@link ThesisTable12} from the thesis): stable-period load standard deviation and peak fraction within 20%,
 * but for the four cells the fit did not reach (balance/README.md, "The calibrated trace"), held to their
 * own wider bounds so that they cannot drift further unnoticed.
 */
class Table12CalibrationTest {
    private static List<RunResult> runs;

    @BeforeAll
    static void simulate() throws IOException {
        runs = TraceCalibration.runNonLearning(TraceModel.CALIBRATED, 1);
    }

    /** Cells outside 20%, with the bound they are held to (percent). */
    private static final java.util.Map<String, Double> MISFITS = java.util.Map.of(
            "srr@4 stddev", 25.0, "lc@6 peak", 30.0, "lc@12 peak", 47.0, "balance@16 peak", 41.0);

    private static double bound(String cell) {
        return MISFITS.getOrDefault(cell, 20.0);
    }

    @Test
    void srrBalanceAndLcLandWithin20PercentOfTable12() {
        assertThat(runs).hasSize(18);
        int within20 = 0;
        for (RunResult r : runs) {
            ThesisTable12.Row thesis = ThesisTable12.row(r.scheduler(), r.nodes());
            String cell = r.scheduler() + "@" + r.nodes();
            assertThat(r.stable().stddev()).as("%s: stable stddev", cell)
                    .isCloseTo(thesis.stddev(), Percentage.withPercentage(bound(cell + " stddev")));
            assertThat(r.stable().peakFraction()).as("%s: stable peak fraction", cell)
                    .isCloseTo(thesis.peakFraction(), Percentage.withPercentage(bound(cell + " peak")));
            within20 += Math.abs(r.stable().stddev() / thesis.stddev() - 1) <= 0.2 ? 1 : 0;
            within20 += Math.abs(r.stable().peakFraction() / thesis.peakFraction() - 1) <= 0.2 ? 1 : 0;
        }
        assertThat(within20).isEqualTo(36 - MISFITS.size());
        assertThat(TraceCalibration.score(runs).mean()).as("mean relative error").isLessThan(0.11);
    }

    @Test
    void theTraceCarriesAboutTheThesisExtractsBytes() {
        // section 12.6, footnote 73: "During this period, a total of 126MB of traffic was handled."
        assertThat(runs.getFirst().bytes() / 1e6).isCloseTo(126, within(126 * 0.2));
    }

    @Test
    void theOriginalTraceWasTwiceAsBurstyAsTheThesis() throws IOException {
        // what issue 18 found: SRR at 4 nodes 0.388 against the thesis's 0.251
        RunResult srr4 = TraceCalibration.runNonLearning(TraceModel.ORIGINAL, 1).stream()
                .filter(r -> r.scheduler().equals("srr") && r.nodes() == 4).findFirst().orElseThrow();
        assertThat(srr4.stable().stddev()).isCloseTo(0.388, within(0.001));
    }
}
