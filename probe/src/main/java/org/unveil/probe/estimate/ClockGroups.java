package org.unveil.probe.estimate;

import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import org.unveil.probe.evidence.Evidence;
import org.unveil.probe.evidence.Kind;

/**
 * Groups responses whose Date offset ranges chain together. Every range of one back-end contains its true offset,
 * so one back-end's ranges all overlap and never fall in two groups; back-ends whose clocks differ by more than
 * about a second (plus the round trip) fall apart. NTP-synchronised back-ends make one group, which tells nothing.
 */
final class ClockGroups {
    private ClockGroups() {
    }

    /**
     * Each response's Date offset range from its clock evidence, as {low, high} arrays: NaN where it had none.
     */
    static double[][] ranges(List<List<Evidence>> responses) {
        int n = responses.size();
        double[] low = new double[n];
        double[] high = new double[n];
        Arrays.fill(low, Double.NaN);
        Arrays.fill(high, Double.NaN);
        for (int i = 0; i < n; i++) {
            for (Evidence e : responses.get(i)) {
                if (e.kind() == Kind.CLOCK) {
                    low[i] = e.low();
                    high[i] = e.high();
                    break;
                }
            }
        }
        return new double[][] {low, high};
    }

    /** Per response its group (0, 1, … in order of offset), or -1 where {@code low[i]} is NaN (no Date). */
    static int[] of(double[] low, double[] high) {
        int n = low.length;
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        Arrays.sort(order, Comparator.comparingDouble(i -> low[i]));
        int[] group = new int[n];
        Arrays.fill(group, -1);
        int g = -1;
        double reach = Double.NEGATIVE_INFINITY;
        for (int i : order) {
            if (Double.isNaN(low[i])) {
                continue;
            }
            if (low[i] > reach) {
                g++; // a gap: no range so far reaches this one
            }
            reach = Math.max(reach, high[i]);
            group[i] = g;
        }
        return group;
    }
}
