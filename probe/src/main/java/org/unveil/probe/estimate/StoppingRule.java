package org.unveil.probe.estimate;

/**
 * When probing may stop: MDA's rule (Paris traceroute) generalised to unequal weights. With k back-ends seen, a
 * further one whose weight is at least {@code minWeight} times the mean of the seen ones answers a probe with
 * probability q = w / (k + w); n_k = ⌈ln(α / (k + 1)) / ln(1 − q)⌉ probes miss it with probability at most
 * α / (k + 1), and the k + 1 hypotheses together keep the total at α. With w = 1 this is MDA exactly (6, 11, 16, 21,
 * 27, …); w = 0.2 also finds the back-end MDA misses a third of the time (one at a fifth of the others' weight).
 * Probing also goes on while Chao1 still expects more back-ends than were seen.
 */
public record StoppingRule(double confidence, double minWeight) {
    public StoppingRule {
        if (!(confidence > 0 && confidence < 1) || !(minWeight > 0 && minWeight <= 1)) {
            throw new IllegalArgumentException("confidence in (0,1) and minWeight in (0,1] expected");
        }
    }

    /** The probes needed to rule out one more back-end once k are seen. */
    public long budget(int k) {
        double alpha = 1 - confidence;
        double q = minWeight / (k + minWeight);
        return (long) Math.ceil(Math.log(alpha / (k + 1)) / Math.log(1 - q));
    }

    /** Whether n identified responses with these per-back-end counts are enough. */
    public boolean satisfied(int[] counts) {
        int k = 0;
        long n = 0;
        for (int c : counts) {
            if (c > 0) {
                k++;
                n += c;
            }
        }
        return k > 0 && n >= budget(k) && Chao1.of(counts, confidence).count() == k;
    }
}
