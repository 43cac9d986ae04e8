package org.unveil.balance.sim;

/**
 * What one scheduler did on one trace with one cluster size.
 *
 * @param full statistics over the whole run
 * @param stable statistics without the first 180 s (the thesis's "stable period", after GLOB has learnt)
 * @param jain Jain's fairness index of the nodes' total loads (1 = perfectly even)
 * @param maxOverMean the largest node total over the mean node total
 * @param coefficientOfVariation standard deviation of node totals over their mean
 * @param brokenByTransfer connections whose packets moved to another live node (rule transfers, remaps)
 * @param brokenByFailure connections whose node crashed under them
 * @param remappedFlows share of the connections active at membership changes that moved afterwards
 * @param remapIdeal the share that had to move (1/n per change, averaged), for comparison
 * @param ledger the per-window loads, for plots
 */
public record RunResult(String scheduler, int nodes, LoadStatistics full, LoadStatistics stable, double jain,
        double maxOverMean, double coefficientOfVariation, long brokenByTransfer, long brokenByFailure,
        double remappedFlows, double remapIdeal, long controlMessages, long packets, long bytes, long connections,
        double threshold, LoadLedger ledger) {

    public long brokenConnections() {
        return brokenByTransfer + brokenByFailure;
    }
}
