package org.unveil.balance.calibration;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.unveil.balance.schedulers.Schedulers;
import org.unveil.balance.sim.RunResult;
import org.unveil.balance.sim.Simulator;
import org.unveil.balance.traffic.FlowExpander;
import org.unveil.balance.traffic.FlowRecord;
import org.unveil.balance.traffic.SyntheticTraffic;
import org.unveil.balance.traffic.TraceModel;

/**
 * The search that fitted {@link TraceModel#CALIBRATED}: each candidate trace is run through SRR, BALANCE and
 * LC at 3-16 nodes and scored by the largest relative error of their stable stddev and peak fraction
 * against Table 12. Run by hand (balance/README.md says how); the tests check only the result.
 */
public final class TraceCalibration {
    private TraceCalibration() {
    }

    /** The largest relative error of the 36 calibrated figures, and their mean. */
    public record Score(double worst, double mean, String worstCell) {
    }

    public static List<RunResult> runNonLearning(TraceModel model, long seed) throws IOException {
        List<FlowRecord> flows = new SyntheticTraffic(seed, SyntheticTraffic.Options.university(model), model).flows();
        List<RunResult> results = new ArrayList<>();
        for (int n : ThesisTable12.NODES) {
            for (String name : ThesisTable12.NON_LEARNING) {
                results.add(Simulator.run(Schedulers.create(name), new FlowExpander(flows.iterator()),
                        new Simulator.Cluster(n, List.of()), 1));
            }
        }
        return results;
    }

    public static Score score(List<RunResult> results) {
        double worst = 0;
        double sum = 0;
        String cell = "";
        for (RunResult r : results) {
            ThesisTable12.Row want = ThesisTable12.row(r.scheduler(), r.nodes());
            double[] errors = {Math.abs(r.stable().stddev() / want.stddev() - 1),
                Math.abs(r.stable().peakFraction() / want.peakFraction() - 1)};
            for (int i = 0; i < 2; i++) {
                sum += errors[i];
                if (errors[i] > worst) {
                    worst = errors[i];
                    cell = r.scheduler() + "@" + r.nodes() + (i == 0 ? " stddev" : " peak");
                }
            }
        }
        return new Score(worst, sum / (2 * results.size()), cell);
    }

    /** args: a grid as name=v1,v2,... for rate alpha min max zipf median sigma hold lookup; seeds=1,2 */
    public static void main(String[] args) throws IOException {
        double[][] grid = {{60}, {1.5}, {700}, {8e6}, {1.1}, {8000}, {1.0}, {20}, {0}};
        String[] names = {"rate", "alpha", "min", "max", "zipf", "median", "sigma", "hold", "lookup"};
        long[] seeds = {1};
        for (String arg : args) {
            String[] kv = arg.split("=");
            double[] values = java.util.Arrays.stream(kv[1].split(",")).mapToDouble(Double::parseDouble).toArray();
            if (kv[0].equals("seeds")) {
                seeds = java.util.Arrays.stream(values).mapToLong(v -> (long) v).toArray();
                continue;
            }
            grid[List.of(names).indexOf(kv[0])] = values;
        }
        // search=N: N points drawn uniformly between each parameter's first and last grid value (seeded)
        int samples = Integer.getInteger("search", 0);
        java.util.Random draw = new java.util.Random(Long.getLong("searchSeed", 1));
        int[] index = new int[grid.length];
        for (int sample = 0; ; sample++) {
            double[] v = new double[grid.length];
            for (int i = 0; i < grid.length; i++) {
                double lo = grid[i][0];
                double hi = grid[i][grid[i].length - 1];
                v[i] = samples > 0 ? Math.round((lo + (hi - lo) * draw.nextDouble()) * 100) / 100.0 : grid[i][index[i]];
            }
            TraceModel model = new TraceModel("candidate", v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7], v[8]);
            StringBuilder line = new StringBuilder();
            double worst = 0;
            double mean = 0;
            for (long seed : seeds) {
                List<RunResult> runs = runNonLearning(model, seed);
                Score s = score(runs);
                if (Boolean.getBoolean("cells")) {
                    runs.forEach(r -> System.out.printf(Locale.ROOT, "  %-8s %2d  stddev %.3f (%.3f)  peak %.3f (%.3f)%n",
                            r.scheduler(), r.nodes(), r.stable().stddev(),
                            ThesisTable12.row(r.scheduler(), r.nodes()).stddev(), r.stable().peakFraction(),
                            ThesisTable12.row(r.scheduler(), r.nodes()).peakFraction()));
                }
                line.append(String.format(Locale.ROOT, " %.0fMB", runs.getFirst().bytes() / 1e6));
                worst = Math.max(worst, s.worst());
                mean += s.mean() / seeds.length;
                line.append(String.format(Locale.ROOT, " s%d %.3f/%.3f (%s)", seed, s.worst(), s.mean(), s.worstCell()));
            }
            System.out.printf(Locale.ROOT, "worst %.3f mean %.3f  %s%s%n", worst, mean,
                    java.util.Arrays.toString(v), line);
            if (samples > 0) {
                if (sample + 1 == samples) {
                    return;
                }
                continue;
            }
            int i = 0;
            while (i < grid.length && ++index[i] == grid[i].length) {
                index[i++] = 0;
            }
            if (i == grid.length) {
                return;
            }
        }
    }
}
