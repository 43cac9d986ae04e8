package org.unveil.balance.glob;

/**
 * GLOB's tunables.
 *
 * @param pollIntervalNanos time between two lbmodel polls (pollfreq, §12.3 step 1)
 * @param threshold a node is overloaded above {@code threshold} times the mean share (§12.3 step 1(e)ii)
 * @param historyFactor weight of the old rule load in the exponential average (§12.3 step 1(b))
 * @param backupMargin fraction of the total load a backup change must gain to be made (§12.3 step 1(e)v)
 * @param broadcastDelayNanos how long a control message takes to reach a peer
 * @param broadcastLossProbability chance that a state broadcast or a rule-transfer message is lost
 */
public record GlobConfig(long pollIntervalNanos, double threshold, double historyFactor, double backupMargin,
        long broadcastDelayNanos, double broadcastLossProbability) {

    /**
     * The values of the thesis's model runs (§12.6): 6 s polls, threshold 1.1, history factor 1/3. The thesis
     * gives no backup margin; 5% of the total load is our choice. Its model used Unix domain sockets
     * (§12.3.2), hence no delay and no loss.
     */
    public static final GlobConfig THESIS = new GlobConfig(6_000_000_000L, 1.1, 1.0 / 3, 0.05, 0, 0);

    public GlobConfig {
        if (pollIntervalNanos <= 0) {
            throw new IllegalArgumentException("poll interval must be positive: " + pollIntervalNanos);
        }
        if (threshold < 1) {
            throw new IllegalArgumentException("threshold below the mean share: " + threshold);
        }
        if (historyFactor < 0 || historyFactor >= 1) {
            throw new IllegalArgumentException("history factor outside [0,1): " + historyFactor);
        }
        if (backupMargin < 0) {
            throw new IllegalArgumentException("negative backup margin: " + backupMargin);
        }
        if (broadcastDelayNanos < 0) {
            throw new IllegalArgumentException("negative broadcast delay: " + broadcastDelayNanos);
        }
        if (broadcastLossProbability < 0 || broadcastLossProbability >= 1) {
            throw new IllegalArgumentException("loss probability outside [0,1): " + broadcastLossProbability);
        }
    }

    /** This configuration with another delay and loss on the control network. */
    public GlobConfig withNetwork(long delayNanos, double lossProbability) {
        return new GlobConfig(pollIntervalNanos, threshold, historyFactor, backupMargin, delayNanos, lossProbability);
    }
}
