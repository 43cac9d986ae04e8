package org.unveil.probe.estimate;

/** The standard normal distribution's quantiles, for intervals at any confidence. */
final class Normal {
    private Normal() {
    }

    /** The two-sided critical value: P(|Z| ≤ z) = confidence. */
    static double critical(double confidence) {
        return quantile(0.5 + confidence / 2);
    }

    /** x with Φ(x) = p, by bisection on Φ: exact to 1e-7, which is all an interval needs, and no table to get wrong. */
    static double quantile(double p) {
        double lo = -12;
        double hi = 12;
        for (int i = 0; i < 80; i++) {
            double mid = (lo + hi) / 2;
            if (cdf(mid) < p) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        return (lo + hi) / 2;
    }

    /** Φ(x), through erf (Abramowitz and Stegun 7.1.26, error below 1.5e-7). */
    static double cdf(double x) {
        double t = 1 / (1 + 0.3275911 * Math.abs(x) / Math.sqrt(2));
        double poly = t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429))));
        double erf = 1 - poly * Math.exp(-x * x / 2);
        return x >= 0 ? (1 + erf) / 2 : (1 - erf) / 2;
    }
}
