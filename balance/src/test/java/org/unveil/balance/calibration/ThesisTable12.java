package org.unveil.balance.calibration;

import java.util.List;

/**
 * The stable-period columns of the thesis's Table 12 (seed 003, section 12.6, "Scheduling method evaluation
 * statistics"), typed in from the thesis: ground truth for the calibration, never computed here.
 */
public final class ThesisTable12 {
    /** One row: a scheduler at a cluster size, stable period (after the first 180 s). */
    public record Row(String scheduler, int nodes, double peakBps, double stddev, double peakFraction) {
    }

    public static final List<Integer> NODES = List.of(3, 4, 6, 8, 12, 16);

    /** The three schedulers that learn nothing, whose figures describe the trace. */
    public static final List<String> NON_LEARNING = List.of("srr", "balance", "lc");

    public static final List<Row> STABLE = List.of(
            new Row("srr", 3, 83386, 0.1500, 1.456),
            new Row("balance", 3, 79544, 0.2112, 1.696),
            new Row("lc", 3, 89207, 0.1725, 1.521),
            new Row("glob", 3, 73624, 0.1025, 1.391),
            new Row("srr", 4, 72626, 0.2508, 1.848),
            new Row("balance", 4, 80013, 0.3155, 1.721),
            new Row("lc", 4, 65661, 0.1791, 1.605),
            new Row("glob", 4, 52163, 0.0888, 1.278),
            new Row("srr", 6, 48140, 0.2221, 1.864),
            new Row("balance", 6, 57366, 0.3881, 2.310),
            new Row("lc", 6, 52819, 0.2457, 1.910),
            new Row("glob", 6, 45734, 0.1086, 1.529),
            new Row("srr", 8, 46322, 0.3245, 2.770),
            new Row("balance", 8, 50834, 0.4972, 2.684),
            new Row("lc", 8, 42591, 0.3094, 2.382),
            new Row("glob", 8, 33492, 0.1287, 1.590),
            new Row("srr", 12, 34136, 0.3724, 2.978),
            new Row("balance", 12, 45580, 0.5646, 3.112),
            new Row("lc", 12, 35996, 0.3661, 2.683),
            new Row("glob", 12, 25796, 0.2291, 2.055),
            new Row("srr", 16, 34085, 0.4548, 4.077),
            new Row("balance", 16, 31639, 0.6065, 3.383),
            new Row("lc", 16, 36256, 0.4408, 4.035),
            new Row("glob", 16, 26215, 0.3034, 2.741));

    private ThesisTable12() {
    }

    public static Row row(String scheduler, int nodes) {
        return STABLE.stream().filter(r -> r.scheduler().equals(scheduler) && r.nodes() == nodes).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no Table 12 row for " + scheduler + " at " + nodes));
    }
}
