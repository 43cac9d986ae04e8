package org.unveil.probe.estimate;

/**
 * One back-end's clock offset, narrowed over its responses: the intersection of each response's range. Ranges that
 * do not meet mean the Date came from elsewhere (a cache) or the clock stepped, and are reported as such.
 */
final class ClockRange {
    private double low = Double.NEGATIVE_INFINITY;
    private double high = Double.POSITIVE_INFINITY;
    private int samples;

    void add(double lo, double hi) {
        low = Math.max(low, lo);
        high = Math.min(high, hi);
        samples++;
    }

    int samples() {
        return samples;
    }

    Item item() {
        if (low > high) {
            return new Item("clock", "date", "inconsistent", String.format(
                    "the Date ranges of %d responses do not meet: a cached Date or a clock that stepped", samples),
                    samples);
        }
        return new Item("clock", "date", String.format("%+.3f..%+.3f s", low, high), String.format(
                "clock offset from ours between %+.3f and %+.3f s, from the Date header of %d responses", low, high,
                samples), samples);
    }
}
