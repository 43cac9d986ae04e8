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

    void clear() {
        count = 0;
    }

    void add(int linkType, int snaplen, long units, boolean binary, long offset) {
        if (count == linkTypes.length) {
            linkTypes = Arrays.copyOf(linkTypes, count * 2);
            snaplens = Arrays.copyOf(snaplens, count * 2);
            unitsPerSecond = Arrays.copyOf(unitsPerSecond, count * 2);
            offsetSeconds = Arrays.copyOf(offsetSeconds, count * 2);
        }
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

    /** Converts a raw 64-bit timestamp of interface {@code i} to nanoseconds since the epoch. */
    long toNanos(int i, long ts) {
        long units = unitsPerSecond[i];
        long offset = offsetSeconds[i] * NANOS;
        if (units == 1_000_000L) {
            return ts * 1000 + offset;
        }
        if (units == NANOS) {
            return ts + offset;
        }
        long seconds = Long.divideUnsigned(ts, units);
        long rest = Long.remainderUnsigned(ts, units);
        long fraction = NANOS % units == 0 ? rest * (NANOS / units) : (long) ((double) rest * NANOS / units);
        return seconds * NANOS + fraction + offset;
    }
}
