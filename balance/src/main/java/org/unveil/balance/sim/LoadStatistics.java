package org.unveil.balance.sim;

/**
 * The thesis's Table 12 columns over a range of windows (section 12.6): the highest bandwidth any node
 * carried in a window, the standard deviation of node loads relative to an exact even share of 1, and the
 * highest relative load; plus the 99th percentile of relative loads.
 *
 * @param peakBps highest bytes per second of any node in any window
 * @param stddev root mean square distance of relative loads from 1
 * @param peakFraction highest relative load (share of the offered load over the even share)
 * @param p99 99th percentile of relative loads
 */
public record LoadStatistics(double peakBps, double stddev, double peakFraction, double p99) {

    /** Statistics over the complete windows from window {@code from} on; all NaN when there are none. */
    static LoadStatistics of(LoadLedger ledger, long from) {
        double seconds = ledger.windowNanos() / 1e9;
        double peak = 0;
        double peakFraction = 0;
        double squares = 0;
        int count = 0;
        long[] windows = ledger.completeWindows(from);
        double[] relative = new double[windows.length * ledger.nodes()];
        for (long w : windows) {
            for (int n = 0; n < ledger.nodes(); n++) {
                double r = ledger.relativeLoad(w, n);
                if (Double.isNaN(r)) {
                    continue;
                }
                peak = Math.max(peak, ledger.bytes(w, n) / seconds);
                peakFraction = Math.max(peakFraction, r);
                squares += (r - 1) * (r - 1);
                relative[count++] = r;
            }
        }
        if (count == 0) {
            return new LoadStatistics(Double.NaN, Double.NaN, Double.NaN, Double.NaN);
        }
        java.util.Arrays.sort(relative, 0, count);
        double p99 = relative[Math.min(count - 1, (int) Math.ceil(0.99 * count) - 1)];
        return new LoadStatistics(peak, Math.sqrt(squares / count), peakFraction, p99);
    }
}
