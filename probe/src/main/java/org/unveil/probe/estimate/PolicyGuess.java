package org.unveil.probe.estimate;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Names the policy from the order of back-ends (in the order requests were sent) and their shares: round robin
 * when each back-end is nearly always followed by the same one, weighted when shares differ more than chance
 * allows (a chi-square test of equal shares), random or least-connections otherwise.
 */
final class PolicyGuess {
    private static final double CYCLIC = 0.9;
    private static final double UNEVEN_P = 0.01;

    private PolicyGuess() {
    }

    static Policy of(List<String> order, int[] counts) {
        if (counts.length == 0) {
            return new Policy("unknown", "no evidence tells back-ends apart");
        }
        if (counts.length == 1) {
            return new Policy("single", "every identified response came from one back-end");
        }
        double cyclic = successorAgreement(order);
        double p = evenness(counts);
        boolean uneven = p < UNEVEN_P;
        String shares = String.format("equal shares %s (chi-square p = %.3g)", uneven ? "rejected" : "fit", p);
        if (cyclic >= CYCLIC) {
            return new Policy(uneven ? "weighted-roundrobin" : "roundrobin", String.format(
                    "each back-end was followed by the same next one in %.0f%% of consecutive responses; %s",
                    100 * cyclic, shares));
        }
        return new Policy(uneven ? "weighted" : "random-or-leastconn", String.format(
                "no fixed order (same successor in %.0f%% of consecutive responses); %s", 100 * cyclic, shares));
    }

    /** How often a back-end is followed by its most frequent successor. */
    private static double successorAgreement(List<String> order) {
        Map<String, Map<String, Integer>> next = new HashMap<>();
        for (int i = 1; i < order.size(); i++) {
            next.computeIfAbsent(order.get(i - 1), k -> new HashMap<>()).merge(order.get(i), 1, Integer::sum);
        }
        int agree = 0;
        int all = 0;
        for (Map<String, Integer> successors : next.values()) {
            int max = 0;
            for (int c : successors.values()) {
                max = Math.max(max, c);
                all += c;
            }
            agree += max;
        }
        return all == 0 ? 0 : agree / (double) all;
    }

    /** The p-value of equal shares, chi-square with k − 1 degrees of freedom (Wilson–Hilferty approximation). */
    static double evenness(int[] counts) {
        long n = 0;
        for (int c : counts) {
            n += c;
        }
        double expected = n / (double) counts.length;
        double x2 = 0;
        for (int c : counts) {
            x2 += (c - expected) * (c - expected) / expected;
        }
        int df = counts.length - 1;
        double z = (Math.cbrt(x2 / df) - (1 - 2.0 / (9 * df))) / Math.sqrt(2.0 / (9 * df));
        return 1 - Normal.cdf(z);
    }
}
