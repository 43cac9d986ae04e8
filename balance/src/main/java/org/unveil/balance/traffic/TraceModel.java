package org.unveil.balance.traffic;

/**
 * The burstiness of a {@link SyntheticTraffic} trace: how often flows start, how their bytes are spread
 * (a Pareto body capped at a largest flow) and how fast each one sends them. The load standard deviation a
 * scheduler that learns nothing reaches follows from these alone, which is what {@link #CALIBRATED} was
 * fitted on (balance/README.md, "The calibrated trace").
 *
 * @param name what the command line and the README call the model
 * @param flowsPerSecond mean rate of the Poisson flow arrivals
 * @param paretoAlpha tail index of the flow sizes (lower is heavier)
 * @param minBytes Pareto scale: the smallest flow of a mix kind of weight 1
 * @param maxBytes the largest flow
 * @param zipfExponent how unevenly the internal hosts start flows
 * @param medianRate median bytes per second of one flow; 0 selects the original 2-32 ms a packet rule
 * @param rateSigma spread (log-normal sigma) of the flows' rates around the median
 * @param meanHoldSeconds mean extra time (exponential) a TCP connection stays open beyond its transfer:
 *     handshakes, think time and keep-alive, which sets how many connections are open at once
 * @param lookupShare share of the web connections that a DNS lookup from the same host precedes by a
 *     millisecond (a browser resolves, then connects), which pairs small and large flows in the log
 */
public record TraceModel(String name, double flowsPerSecond, double paretoAlpha, double minBytes, double maxBytes,
        double zipfExponent, double medianRate, double rateSigma, double meanHoldSeconds, double lookupShare) {

    /**
     * The first trace of the lab (Pareto 1.3, flows up to 50 MB at up to 50 KB/s): twice as bursty as the
     * thesis's. Kept byte for byte so that older figures and the speed benchmark can be reproduced.
     */
    public static final TraceModel ORIGINAL = new TraceModel("original", 28, 1.3, 1200, 50e6, 1.1, 0, 0, 0, 0);

    /**
     * Fitted so that SRR, BALANCE and LC reproduce the stable-period load standard deviation and peak
     * fraction of the thesis's Table 12 (3 to 16 nodes) within 20%; see balance/README.md.
     */
    public static final TraceModel CALIBRATED = new TraceModel("calibrated", 32.4, 1.53, 1400, 5.4e6, 1.22, 12800, 0.92, 13.4, 0.71);

    public TraceModel {
        if (!(flowsPerSecond > 0) || !(paretoAlpha > 1) || !(minBytes >= 1) || !(maxBytes >= minBytes)
                || !(zipfExponent >= 0) || !(medianRate >= 0) || !(rateSigma >= 0) || !(meanHoldSeconds >= 0)
                || !(lookupShare >= 0 && lookupShare <= 1)) {
            throw new IllegalArgumentException("impossible trace model " + this);
        }
    }

    /** Whether durations come from the original packet-spacing rule rather than a per-flow rate. */
    boolean original() {
        return medianRate == 0;
    }
}
