package org.unveil.scan.geo;

import java.util.Arrays;

/**
 * Collects [first, last] ranges with values, in any order, into a {@link RangeTable}: gaps get -1, neighbours with
 * one value merge, and where sources overlap the range that starts later wins from its start.
 */
final class RangeTableBuilder {
    private long[] firsts = new long[1024];
    private long[] lasts = new long[1024];
    private int[] vals = new int[1024];
    private int count;

    void add(long first, long last, int value) {
        if (first < 0 || last > 0xffffffffL || first > last) {
            throw new IllegalArgumentException("range " + first + "-" + last + " is not within IPv4");
        }
        if (count == firsts.length) {
            firsts = Arrays.copyOf(firsts, count * 2);
            lasts = Arrays.copyOf(lasts, count * 2);
            vals = Arrays.copyOf(vals, count * 2);
        }
        firsts[count] = first;
        lasts[count] = last;
        vals[count] = value;
        count++;
    }

    RangeTable build() {
        Integer[] order = new Integer[count];
        for (int i = 0; i < count; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Long.compare(firsts[a], firsts[b]));
        int[] starts = new int[count * 2 + 1];
        int[] values = new int[count * 2 + 1];
        int n = 0;
        long next = 0; // the first address not yet covered
        for (int k = 0; k < count; k++) {
            int i = order[k];
            long first = firsts[i];
            long last = lasts[i];
            if (last < next) {
                continue; // wholly inside what came before
            }
            if (first > next) {
                n = put(starts, values, n, next, -1);
            }
            n = put(starts, values, n, Math.max(first, next), vals[i]);
            next = last + 1;
        }
        if (next <= 0xffffffffL) {
            n = put(starts, values, n, next, -1);
        }
        if (n == 0) {
            n = put(starts, values, n, 0, -1);
        }
        return new RangeTable(Arrays.copyOf(starts, n), Arrays.copyOf(values, n));
    }

    private static int put(int[] starts, int[] values, int n, long start, int value) {
        if (n > 0 && values[n - 1] == value) {
            return n; // same value as the range before: one range
        }
        if (n > 0 && (starts[n - 1] & 0xffffffffL) == start) {
            values[n - 1] = value; // an empty range before: replaced
            return n > 1 && values[n - 2] == value ? n - 1 : n;
        }
        starts[n] = (int) start;
        values[n] = value;
        return n + 1;
    }
}
