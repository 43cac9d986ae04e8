package org.unveil.capture.pcapng;

import java.util.Arrays;

/** The interfaces declared in the current pcapng section, kept in arrays so lookups allocate nothing. */
final class Interfaces {
    private static final long NANOS = 1_000_000_000L;
    private int count;
    private int[] linkTypes = new int[4];
    private int[] snaplens = new int[4];
    private long[] unitsPerSecond = new long[4];
    private long[] offsetSeconds = new long[4];
    private boolean[] clampReported = new boolean[4];
    private boolean clamped;
    /** The largest if_tsoffset whose nanoseconds fit in 64 bits. */
    private static final long MAX_OFFSET_SECONDS = Long.MAX_VALUE / NANOS;

    void clear() {
        count = 0;
    }

    void add(int linkType, int snaplen, long units, boolean binary, long offset) {
        if (count == linkTypes.length) {
            linkTypes = Arrays.copyOf(linkTypes, count * 2);
            snaplens = Arrays.copyOf(snaplens, count * 2);
            unitsPerSecond = Arrays.copyOf(unitsPerSecond, count * 2);
            offsetSeconds = Arrays.copyOf(offsetSeconds, count * 2);
            clampReported = Arrays.copyOf(clampReported, count * 2);
        }
        clampReported[count] = false;
        linkTypes[count] = linkType;
        snaplens[count] = snaplen;
        unitsPerSecond[count] = units;
        offsetSeconds[count] = offset;
        count++;
    }

    int count() {
        return count;
    }

    int linkType(int i) {
        return linkTypes[i];
    }

    int snaplen(int i) {
        return snaplens[i];
    }

    /**
     * Converts a raw 64-bit timestamp of interface {@code i} to nanoseconds since the epoch. 64-bit nanoseconds
     * reach from 1677 to 2262; a timestamp outside (a huge if_tsoffset, a raw value past 2262) is clamped to
     * the nearest end and {@link #clamped} says so, rather than wrapping to some other date.
     */
    long toNanos(int i, long ts) {
        clamped = false;
        long units = unitsPerSecond[i];
        long nanos;
        if (units == 1_000_000L) {
            nanos = ts >= 0 && ts <= Long.MAX_VALUE / 1000 ? ts * 1000 : -1;
        } else if (units == NANOS) {
            nanos = ts;
        } else {
            long seconds = Long.divideUnsigned(ts, units);
            long rest = Long.remainderUnsigned(ts, units);
            long fraction = NANOS % units == 0 ? rest * (NANOS / units) : (long) ((double) rest * NANOS / units);
            nanos = seconds <= (Long.MAX_VALUE - fraction) / NANOS ? seconds * NANOS + fraction : -1;
        }
        if (nanos < 0) {
            // an unsigned raw timestamp beyond what signed 64-bit nanoseconds hold
            return clamp(Long.MAX_VALUE);
        }
        long offset = offsetSeconds[i];
        if (offset > MAX_OFFSET_SECONDS || offset < -MAX_OFFSET_SECONDS) {
            return clamp(offset > 0 ? Long.MAX_VALUE : Long.MIN_VALUE);
        }
        long sum = nanos + offset * NANOS;
        if (offset > 0 && sum < nanos) {
            return clamp(Long.MAX_VALUE);
        }
        return sum;
    }

    private long clamp(long end) {
        clamped = true;
        return end;
    }

    /** Whether the last {@link #toNanos} result was clamped. */
    boolean clamped() {
        return clamped;
    }

    /** True the first time interface {@code i} of this section has a timestamp clamped: report it once. */
    boolean firstClamp(int i) {
        if (clampReported[i]) {
            return false;
        }
        clampReported[i] = true;
        return true;
    }

    long offsetSeconds(int i) {
        return offsetSeconds[i];
    }
}
