package org.unveil.glob;

/**
 * GLOB's tunables.
 *
 * @param pollIntervalNanos time between two lbmodel polls (pollfreq, §12.3 step 1)
 * @param threshold a node is overloaded above {@code threshold} times the mean share (§12.3 step 1(e)ii)
 * @param historyFactor weight of the old rule load in the exponential average (§12.3 step 1(b))
 * @param backupMargin fraction of the total load a backup change must gain to be made (§12.3 step 1(e)v)
 * @param broadcastDelayNanos how long a control message takes to reach a peer
 * @param broadcastLossProbability chance that a state broadcast or a rule-transfer message is lost
 * @param merge whether idle sibling rules on one node are merged back (§12.5.3, an extension the thesis's
 *     model did not have)
 */
public record GlobConfig(long pollIntervalNanos, double threshold, double historyFactor, double backupMargin,
        long broadcastDelayNanos, double broadcastLossProbability, boolean merge) {

    /**
     * The values of the thesis's model runs (§12.6): 6 s polls, threshold 1.1, history factor 1/3. The thesis
     * gives no backup margin; 5% of the total load is our choice. Its model used Unix domain sockets
     * (§12.3.2), hence no delay and no loss.
     */
    static final long MIN_POLL_NANOS = 1_000_000L;
    static final long MAX_NANOS = 86_400_000_000_000L;

    public static final GlobConfig THESIS = new GlobConfig(6_000_000_000L, 1.1, 1.0 / 3, 0.05, 0, 0);

    /** Without rule merging, as the thesis's model ran. */
    public GlobConfig(long pollIntervalNanos, double threshold, double historyFactor, double backupMargin,
            long broadcastDelayNanos, double broadcastLossProbability) {
        this(pollIntervalNanos, threshold, historyFactor, backupMargin, broadcastDelayNanos,
                broadcastLossProbability, false);
    }

    public GlobConfig {
        // the negated comparisons also refuse NaN
        if (pollIntervalNanos < MIN_POLL_NANOS || pollIntervalNanos > MAX_NANOS) {
            throw new IllegalArgumentException("poll interval outside 1 ms .. 1 day: " + pollIntervalNanos + " ns");
        }
        if (!(threshold >= 1 && threshold <= 100)) {
            throw new IllegalArgumentException("threshold outside 1 .. 100 times the mean share: " + threshold);
        }
        if (!(historyFactor >= 0 && historyFactor < 1)) {
            throw new IllegalArgumentException("history factor outside [0,1): " + historyFactor);
        }
        if (!(backupMargin >= 0 && backupMargin <= 1)) {
            throw new IllegalArgumentException("backup margin outside 0 .. 1: " + backupMargin);
        }
        if (broadcastDelayNanos < 0 || broadcastDelayNanos > MAX_NANOS) {
            throw new IllegalArgumentException("broadcast delay outside 0 .. 1 day: " + broadcastDelayNanos + " ns");
        }
        if (!(broadcastLossProbability >= 0 && broadcastLossProbability < 1)) {
            throw new IllegalArgumentException("loss probability outside [0,1): " + broadcastLossProbability);
        }
    }

    /** This configuration with another delay and loss on the control network. */
    public GlobConfig withNetwork(long delayNanos, double lossProbability) {
        return new GlobConfig(pollIntervalNanos, threshold, historyFactor, backupMargin, delayNanos, lossProbability,
                merge);
    }

    /** This configuration with rule merging (§12.5.3) on or off. */
    public GlobConfig withMerging(boolean on) {
        return new GlobConfig(pollIntervalNanos, threshold, historyFactor, backupMargin, broadcastDelayNanos,
                broadcastLossProbability, on);
    }

    /** This configuration polling every {@code nanos}. */
    public GlobConfig withPollInterval(long nanos) {
        return new GlobConfig(nanos, threshold, historyFactor, backupMargin, broadcastDelayNanos,
                broadcastLossProbability, merge);
    }
}
