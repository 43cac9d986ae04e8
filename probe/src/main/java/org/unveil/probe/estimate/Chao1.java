package org.unveil.probe.estimate;

/**
 * How many back-ends there are, from how often each seen one answered: the bias-corrected Chao1 estimator of
 * species richness, which reads the unseen from the rarely seen (singletons f1, doubletons f2), with Chao's
 * log-normal interval (whose low end is never below what was seen). Unlike a fixed-probe rule it does not assume
 * equal shares: a rare back-end shows up as singletons and widens the interval.
 *
 * @param observed back-ends seen
 * @param estimate the estimated number
 * @param low      the interval's low end (≥ observed)
 * @param high     the interval's high end
 */
public record Chao1(int observed, double estimate, double low, double high) {

    /** The estimate from per-back-end response counts at the given confidence (e.g. 0.95). */
    public static Chao1 of(int[] counts, double confidence) {
        int s = 0;
        long n = 0;
        int f1 = 0;
        int f2 = 0;
        for (int c : counts) {
            if (c <= 0) {
                continue;
            }
            s++;
            n += c;
            f1 += c == 1 ? 1 : 0;
            f2 += c == 2 ? 1 : 0;
        }
        if (s == 0) {
            return new Chao1(0, 0, 0, 0);
        }
        double z = Normal.critical(confidence);
        double a = (n - 1.0) / n;
        double unseen = a * f1 * (f1 - 1) / (2.0 * (f2 + 1));
        if (unseen > 0) {
            double g = f2 + 1.0;
            double var = a * f1 * (f1 - 1) / (2 * g) + a * a * f1 * Math.pow(2.0 * f1 - 1, 2) / (4 * g * g)
                    + a * a * f1 * f1 * f2 * Math.pow(f1 - 1.0, 2) / (4 * Math.pow(g, 4));
            double k = Math.exp(z * Math.sqrt(Math.log(1 + var / (unseen * unseen))));
            return new Chao1(s, s + unseen, s + unseen / k, s + unseen * k);
        }
        // No singleton pairs left: the binomial form for a complete-looking sample, P = chance a back-end with
        // the mean share was missed by all n responses.
        double p = Math.exp(-n / (double) s);
        double sd = Math.sqrt(s * p * (1 - p));
        return new Chao1(s, s, Math.max(s, (s - z * sd) / (1 - p)), (s + z * sd) / (1 - p));
    }

    /** The low end as a whole number of back-ends. */
    public int lowCount() {
        return Math.max(observed, (int) Math.floor(low + 1e-9));
    }

    /** The estimate as a whole number of back-ends. */
    public int count() {
        return Math.max(observed, (int) Math.round(estimate));
    }

    /** The high end as a whole number: rounded, so a high end of 4.003 is 4 back-ends, not 5. */
    public int highCount() {
        return Math.max(count(), (int) Math.round(high));
    }
}
