package org.unveil.scan.geo;

import java.util.Arrays;

/**
 * Collects IPv6 [first, last] ranges with values, in any order, into a {@link RangeTable6}, by the rules of
 * {@link RangeTableBuilder}: gaps get -1, neighbours with one value merge, and where sources overlap the range that
 * starts later wins from its start.
 */
final class RangeTable6Builder {
    private long[] firstHi = new long[1024];
    private long[] firstLo = new long[1024];
    private long[] lastHi = new long[1024];
    private long[] lastLo = new long[1024];
    private int[] vals = new int[1024];
    private int count;

    private long[] startHi = new long[0];
    private long[] startLo = new long[0];
    private int[] values = new int[0];
    private int n;

    void add(long fHi, long fLo, long lHi, long lLo, int value) {
        if (compare(fHi, fLo, lHi, lLo) > 0) {
            throw new IllegalArgumentException("range ends before it starts");
        }
        if (count == firstHi.length) {
            firstHi = Arrays.copyOf(firstHi, count * 2);
            firstLo = Arrays.copyOf(firstLo, count * 2);
            lastHi = Arrays.copyOf(lastHi, count * 2);
            lastLo = Arrays.copyOf(lastLo, count * 2);
            vals = Arrays.copyOf(vals, count * 2);
        }
        firstHi[count] = fHi;
        firstLo[count] = fLo;
        lastHi[count] = lHi;
        lastLo[count] = lLo;
        vals[count] = value;
        count++;
    }

    /** Unsigned order of two addresses. */
    static int compare(long aHi, long aLo, long bHi, long bLo) {
        int c = Long.compareUnsigned(aHi, bHi);
        return c != 0 ? c : Long.compareUnsigned(aLo, bLo);
    }

    RangeTable6 build() {
        Integer[] order = new Integer[count];
        for (int i = 0; i < count; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> compare(firstHi[a], firstLo[a], firstHi[b], firstLo[b]));
        startHi = new long[count * 2 + 1];
        startLo = new long[count * 2 + 1];
        values = new int[count * 2 + 1];
        n = 0;
        long nextHi = 0; // the first address not yet covered
        long nextLo = 0;
        boolean full = false; // the whole space is covered (the last range ended at ffff:…:ffff)
        for (int k = 0; k < count && !full; k++) {
            int i = order[k];
            if (compare(lastHi[i], lastLo[i], nextHi, nextLo) < 0) {
                continue; // wholly inside what came before
            }
            if (compare(firstHi[i], firstLo[i], nextHi, nextLo) > 0) {
                put(nextHi, nextLo, -1);
                put(firstHi[i], firstLo[i], vals[i]);
            } else {
                put(nextHi, nextLo, vals[i]);
            }
            if (lastHi[i] == -1L && lastLo[i] == -1L) {
                full = true;
            } else {
                nextLo = lastLo[i] + 1;
                nextHi = lastHi[i] + (nextLo == 0 ? 1 : 0);
            }
        }
        if (!full) {
            put(nextHi, nextLo, -1);
        }
        return new RangeTable6(Arrays.copyOf(startHi, n), Arrays.copyOf(startLo, n), Arrays.copyOf(values, n));
    }

    private void put(long hi, long lo, int value) {
        if (n > 0 && values[n - 1] == value) {
            return; // same value as the range before: one range
        }
        if (n > 0 && startHi[n - 1] == hi && startLo[n - 1] == lo) {
            values[n - 1] = value; // an empty range before: replaced
            if (n > 1 && values[n - 2] == value) {
                n--;
            }
            return;
        }
        startHi[n] = hi;
        startLo[n] = lo;
        values[n] = value;
        n++;
    }
}
