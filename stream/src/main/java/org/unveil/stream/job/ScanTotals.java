package org.unveil.stream.job;

/**
 * A scan's running totals (the per-scan aggregates): responses read, (address, port) rows, responding addresses.
 * The fold sends increments; their keyed sum is what the store gets, each time whole, so a replay rewrites it.
 */
public record ScanTotals(String scan, long responses, long rows, long responders) {
    /** The sum of two increments or totals of one scan. */
    static ScanTotals add(ScanTotals a, ScanTotals b) {
        return new ScanTotals(a.scan, a.responses + b.responses, a.rows + b.rows, a.responders + b.responders);
    }
}
