package org.unveil.scan.geo;

import java.util.Arrays;

/**
 * Values over the IPv4 space as sorted, disjoint ranges: entry i covers [start(i), start(i+1)) and holds value i
 * (-1: nothing known). Starts are kept with the sign bit flipped so that signed int order is unsigned address order,
 * and the first entry starts at 0.0.0.0, so a lookup is one binary search over an int array and allocates nothing.
 * A first-level index by the address's top 16 bits narrows the search to the few ranges of one /16 (a handful of
 * probes in a cache line or two instead of twenty over 3 MB).
 */
public final class RangeTable {
    private final int[] keys;
    private final int[] values;
    /** bucket[b]: the entry holding address b << 16; bucket[65536] the last entry. */
    private final int[] bucket = new int[65537];

    /** {@code starts} unsigned and strictly increasing, starting at 0; {@code values} beside them. */
    RangeTable(int[] starts, int[] values) {
        if (starts.length == 0 || starts[0] != 0 || starts.length != values.length) {
            throw new IllegalArgumentException("a range table starts at 0.0.0.0 with one value per start");
        }
        this.keys = new int[starts.length];
        for (int i = 0; i < starts.length; i++) {
            keys[i] = starts[i] ^ Integer.MIN_VALUE;
            if (i > 0 && keys[i] <= keys[i - 1]) {
                throw new IllegalArgumentException("range starts must increase");
            }
        }
        this.values = values.clone();
        for (int b = 0; b < 65536; b++) {
            bucket[b] = indexOf(b << 16);
        }
        bucket[65536] = keys.length - 1;
    }

    /** The value at {@code address} (unsigned), or -1. */
    public int lookup(int address) {
        int key = address ^ Integer.MIN_VALUE;
        int b = address >>> 16;
        int lo = bucket[b];
        int hi = bucket[b + 1];
        // the last entry whose key is <= key: at least bucket[b], which holds the /16's first address
        while (lo < hi) {
            int mid = (lo + hi + 1) >>> 1;
            if (keys[mid] <= key) {
                lo = mid;
            } else {
                hi = mid - 1;
            }
        }
        return values[lo];
    }

    /** How many ranges, gaps included. */
    public int size() {
        return keys.length;
    }

    /** Range i's first address (unsigned). */
    public int start(int i) {
        return keys[i] ^ Integer.MIN_VALUE;
    }

    /** Range i's value. */
    public int value(int i) {
        return values[i];
    }

    /** The index of the range holding {@code address}. */
    public int indexOf(int address) {
        int at = Arrays.binarySearch(keys, address ^ Integer.MIN_VALUE);
        return at >= 0 ? at : -at - 2;
    }
}
