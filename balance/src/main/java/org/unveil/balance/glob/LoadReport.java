package org.unveil.balance.glob;

/**
 * The state broadcast of §12.3 step 1(f): a node's load relative to the total it observed, which stays
 * meaningful when it is used a poll later.
 */
record LoadReport(int from, double share, long sentAtNanos, long arrivesAtNanos) {
}
