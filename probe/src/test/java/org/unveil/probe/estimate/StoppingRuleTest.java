package org.unveil.probe.estimate;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import java.util.function.ToLongFunction;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The stopping rule against MDA on simulated balancers, equal and unequal weights. */
class StoppingRuleTest {
    private static final int RUNS = 2000;
    private static final int MAX = 2000;

    @Test
    void withEqualWeightsAssumedItIsMdaExactly() {
        // Paris traceroute's published n_k for alpha = 0.05, k = 1..6
        StoppingRule mda = new StoppingRule(0.95, 1);
        assertThat(IntStream.rangeClosed(1, 6).mapToLong(mda::budget).toArray()).containsExactly(6L, 11L, 16L, 21L, 27L, 33L);
    }

    /** One simulated run: draws from the weights until the rule stops; true if it saw every back-end. */
    private static int probes;

    private static boolean exact(double[] weights, SplittableRandom random, StopTest stop) {
        double total = 0;
        for (double w : weights) {
            total += w;
        }
        int[] counts = new int[weights.length];
        for (int n = 1; n <= MAX; n++) {
            double u = random.nextDouble() * total;
            int i = 0;
            while (i < weights.length - 1 && (u -= weights[i]) >= 0) {
                i++;
            }
            counts[i]++;
            int[] seen = IntStream.of(counts).filter(c -> c > 0).toArray();
            if (stop.stops(seen, n)) {
                probes += n;
                return seen.length == weights.length;
            }
        }
        return false;
    }

    interface StopTest {
        boolean stops(int[] counts, int n);
    }

    private static double rate(double[] weights, StopTest stop, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        probes = 0;
        int ok = 0;
        for (int r = 0; r < RUNS; r++) {
            ok += exact(weights, random, stop) ? 1 : 0;
        }
        return ok / (double) RUNS;
    }

    private static double[] weights(int n, boolean skewed) {
        double[] w = new double[n];
        java.util.Arrays.fill(w, 1);
        if (skewed) {
            w[n - 1] = 0.2; // one back-end at a fifth of the others' weight, the case
        }
        return w;
    }

    @Test
    void findsEveryBackEndWhereMdaMissesTheLightOne() {
        StoppingRule ours = new StoppingRule(0.95, 0.2);
        StoppingRule mdaBudget = new StoppingRule(0.95, 1);
        ToLongFunction<int[]> k = c -> c.length;
        StopTest unveil = (counts, n) -> ours.satisfied(counts);
        StopTest mda = (counts, n) -> n >= mdaBudget.budget((int) k.applyAsLong(counts));
        StringBuilder table = new StringBuilder("| N | equal: Unveil | probes | MDA | probes | one at 0.2x: Unveil"
                + " | probes | MDA | probes |\n");
        for (int n = 2; n <= 8; n++) {
            double ue = rate(weights(n, false), unveil, n);
            double pue = probes / (double) RUNS;
            double me = rate(weights(n, false), mda, n);
            double pme = probes / (double) RUNS;
            double us = rate(weights(n, true), unveil, n);
            double pus = probes / (double) RUNS;
            double ms = rate(weights(n, true), mda, n);
            double pms = probes / (double) RUNS;
            table.append(String.format("| %d | %.3f | %.0f | %.3f | %.0f | %.3f | %.0f | %.3f | %.0f |%n", n, ue, pue, me,
                    pme, us, pus, ms, pms));
            assertThat(ue).as("equal weights, N=%d", n).isGreaterThanOrEqualTo(0.95);
            assertThat(us).as("one at 0.2x, N=%d", n).isGreaterThanOrEqualTo(0.95);
            assertThat(me).as("MDA, equal, N=%d", n).isGreaterThanOrEqualTo(0.93);
            assertThat(ms).as("MDA, skewed, N=%d: the issue's 0.63-0.67", n).isLessThan(0.8);
        }
        System.out.print(table);
    }

    @Test
    void oneBackEndStopsAfterTheBudget() {
        StoppingRule rule = new StoppingRule(0.95, 0.2);
        long budget = rule.budget(1);
        assertThat(rule.satisfied(new int[] {(int) budget - 1})).isFalse();
        assertThat(rule.satisfied(new int[] {(int) budget})).isTrue();
    }
}
