package org.unveil.hosts.evidence;

import java.util.Arrays;

/**
 * A flow's TCP timestamp clock (RFC 7323 TSval) against capture time, kept in bounded memory: at most
 * {@link #CAPACITY} samples, one per time bucket, buckets doubling in width as the flow goes on, so a
 * week-long connection costs what a short one does. TSvals are unwrapped across 2^32.
 */
public final class ClockTrack {
    static final int CAPACITY = 64;
    private static final long FIRST_WIDTH_NANOS = 100_000_000L;

    /** Most flows are short: the arrays start small and grow up to {@link #CAPACITY}. */
    private static final int INITIAL = 2;

    private long[] nanos = new long[INITIAL];
    private long[] ticks = new long[INITIAL];
    private int size;
    private long width = FIRST_WIDTH_NANOS;
    private long lastRaw;
    private long unwrapped;
    private long lastBucket = -1;

    public void add(long timeNanos, long tsval) {
        if (size == 0) {
            unwrapped = tsval;
        } else {
            int delta = (int) (tsval - lastRaw); // signed: wraps forward, reordering backward
            if (delta < 0) {
                return; // an older stamp overtaken by a newer one says nothing new
            }
            unwrapped += delta;
        }
        lastRaw = tsval;
        long bucket = size == 0 ? 0 : (timeNanos - nanos[0]) / width;
        if (bucket == lastBucket && size > 1) {
            nanos[size - 1] = timeNanos; // the latest sample stands for its bucket; the first one stays the origin
            ticks[size - 1] = unwrapped;
            return;
        }
        if (size == CAPACITY) {
            while (size == CAPACITY) {
                halve(); // sparse samples can each keep a bucket of their own through one doubling
            }
            bucket = (timeNanos - nanos[0]) / width;
            if (bucket == lastBucket && size > 1) {
                nanos[size - 1] = timeNanos;
                ticks[size - 1] = unwrapped;
                return;
            }
        }
        if (size == nanos.length) {
            nanos = Arrays.copyOf(nanos, Math.min(CAPACITY, size * 2));
            ticks = Arrays.copyOf(ticks, nanos.length);
        }
        nanos[size] = timeNanos;
        ticks[size] = unwrapped;
        size++;
        lastBucket = bucket;
    }

    /** Doubles the bucket width and keeps the first sample of each new bucket. */
    private void halve() {
        width *= 2;
        int kept = 0;
        long previous = -1;
        for (int i = 0; i < size; i++) {
            long bucket = (nanos[i] - nanos[0]) / width;
            if (bucket != previous) {
                nanos[kept] = nanos[i];
                ticks[kept] = ticks[i];
                kept++;
                previous = bucket;
            }
        }
        size = kept;
        lastBucket = previous;
    }

    public int size() {
        return size;
    }

    public long nanos(int i) {
        return nanos[i];
    }

    /** Unwrapped TSval of sample {@code i} (the first sample's raw value plus the forward steps since). */
    public long ticks(int i) {
        return ticks[i];
    }

    public long spanNanos() {
        return size == 0 ? 0 : nanos[size - 1] - nanos[0];
    }

    /**
     * The clock's rate in ticks per second as the median of the slopes between samples at least a quarter of
     * the span apart (Theil–Sen, robust to delayed packets), or NaN when the flow is too short to tell: under
     * half a second, or under {@link #MIN_TICKS} ticks (a 2 Hz clock, Mac OS X 10.4, ticks once or twice in a
     * second: 1.7 or 3.3 Hz read from it would name another rate, and one host has one).
     */
    public double rate() {
        if (size < 2 || spanNanos() < 500_000_000L || Math.abs(ticks[size - 1] - ticks[0]) < MIN_TICKS) {
            return Double.NaN;
        }
        long minApart = spanNanos() / 4;
        double[] slopes = new double[size * (size - 1) / 2];
        int n = 0;
        for (int i = 0; i < size; i++) {
            for (int j = i + 1; j < size; j++) {
                long dt = nanos[j] - nanos[i];
                if (dt >= minApart) {
                    slopes[n++] = (ticks[j] - ticks[i]) * 1e9 / dt;
                }
            }
        }
        if (n == 0) {
            return Double.NaN;
        }
        Arrays.sort(slopes, 0, n);
        return slopes[n / 2];
    }

    /** Ticks a flow must span for its rate to be read within the 10% that names a nominal rate. */
    static final int MIN_TICKS = 10;
    /** Usual TSval clock rates: Linux 1000 (250 and 100 on older kernels), BSDs 1000, old stacks 2, 10, 100. */
    static final double[] NOMINAL_HZ = {2, 10, 100, 128, 200, 250, 256, 300, 512, 1000, 1024};

    /** The nominal rate nearest the measured one when within 10%, else the measured rate, NaN if unknown. */
    public double nominalHz() {
        return nominal(rate());
    }

    /** The usual rate within 10% of {@code rate}, else {@code rate} itself. */
    public static double nominal(double rate) {
        if (Double.isNaN(rate)) {
            return rate;
        }
        for (double hz : NOMINAL_HZ) {
            if (Math.abs(rate - hz) <= 0.1 * hz) {
                return hz;
            }
        }
        return rate;
    }
}
