package org.unveil.hosts;

/**
 * Flows booked per client address, in primitive arrays (open addressing, half full at most: about 40 bytes an
 * address), so that a pass knows when one address reaches the clustering budget without a map entry per flow.
 */
final class AddressCounts {
    private long[] high = new long[1 << 10];
    private long[] low = new long[1 << 10];
    private int[] counts = new int[1 << 10];
    private int size;

    /** Counts one more flow of the address and returns its flows so far. */
    int increment(long h, long l) {
        int mask = counts.length - 1;
        int i = spread(h, l) & mask;
        while (counts[i] != 0) {
            if (high[i] == h && low[i] == l) {
                return ++counts[i];
            }
            i = (i + 1) & mask;
        }
        high[i] = h;
        low[i] = l;
        counts[i] = 1;
        if (++size * 2 > counts.length) {
            rebuild(counts.length * 2, null);
        }
        return 1;
    }

    /** Forgets the addresses outside {@code range}. */
    void retain(AddressRange range) {
        rebuild(counts.length, range);
    }

    private void rebuild(int length, AddressRange keep) {
        long[] oldHigh = high;
        long[] oldLow = low;
        int[] oldCounts = counts;
        high = new long[length];
        low = new long[length];
        counts = new int[length];
        size = 0;
        int mask = length - 1;
        for (int j = 0; j < oldCounts.length; j++) {
            if (oldCounts[j] == 0 || keep != null && !keep.contains(oldHigh[j], oldLow[j])) {
                continue;
            }
            int i = spread(oldHigh[j], oldLow[j]) & mask;
            while (counts[i] != 0) {
                i = (i + 1) & mask;
            }
            high[i] = oldHigh[j];
            low[i] = oldLow[j];
            counts[i] = oldCounts[j];
            size++;
        }
    }

    private static int spread(long h, long l) {
        long x = (h * 0x9E3779B97F4A7C15L) ^ (l * 0xC2B2AE3D27D4EB4FL);
        return (int) (x ^ (x >>> 29) ^ (x >>> 47));
    }
}
