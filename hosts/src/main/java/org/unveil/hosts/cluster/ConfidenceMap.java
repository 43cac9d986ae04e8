package org.unveil.hosts.cluster;

/**
 * Turns a flow's raw score into the probability that its host is right. Raw scores below one half are already
 * posterior shares (a flow that carries nothing, placed among k alike hosts, gets about 1/k) and are kept; the
 * others ({@link #raw} of the edge or merge that placed the flow) overstate or understate how often such flows
 * are right, so they map to the share of flows right at that score, fitted (pool-adjacent-violators, monotone)
 * on the ten synthetic mixes of bench/hosts-accuracy against the generator's labels, 2026-12: 39,534 flows.
 * Checked on the real-stack suite (hosts/README.md, {@code ConfidenceCalibrationTest}).
 */
final class ConfidenceMap {
    /** Raw score lower bounds and the observed share right from there up to the next bound. */
    private static final double[] FROM = {0.5, 0.8, 0.95, 0.999};
    private static final double[] RIGHT = {0.947, 0.963, 0.966, 0.999};

    private ConfidenceMap() {
    }

    /**
     * The one raw score of evidence of {@code bits}: one host against one other at even prior odds, whose
     * likelihood ratio is 2^bits. (Stage 1 once used 1 − 2^-bits; from its 12 bits up the two differ by under
     * 10^-7, inside one bin of the fit.)
     */
    static double raw(double bits) {
        return 1 / (1 + Math.pow(2, -bits));
    }

    static double calibrated(double raw) {
        double p = raw;
        for (int i = 0; i < FROM.length && raw >= FROM[i]; i++) {
            p = RIGHT[i];
        }
        return p;
    }
}
