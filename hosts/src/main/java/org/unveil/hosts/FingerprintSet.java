package org.unveil.hosts;

/**
 * A set of 64-bit flow fingerprints in one primitive array (open addressing, half full at most): 16 bytes a flow,
 * where a flow table entry takes some 90. A pass over one address range remembers with it the flows it leaves out
 * that touch the range, so that no later packet of theirs opens a flow of its own. Two flows share a fingerprint
 * with probability about n²/2⁶⁵ (10⁻⁵ for ten million flows); the cost of that is one flow left out.
 */
final class FingerprintSet {
    private long[] slots = new long[1 << 10];
    private int size;

    boolean contains(long fingerprint) {
        long f = nonZero(fingerprint);
        int mask = slots.length - 1;
        for (int i = spread(f) & mask; ; i = (i + 1) & mask) {
            if (slots[i] == f) {
                return true;
            }
            if (slots[i] == 0) {
                return false;
            }
        }
    }

    void add(long fingerprint) {
        long f = nonZero(fingerprint);
        if (insert(slots, f)) {
            if (++size * 2 > slots.length) {
                long[] old = slots;
                slots = new long[old.length * 2];
                for (long v : old) {
                    if (v != 0) {
                        insert(slots, v);
                    }
                }
            }
        }
    }

    int size() {
        return size;
    }

    private static boolean insert(long[] table, long f) {
        int mask = table.length - 1;
        for (int i = spread(f) & mask; ; i = (i + 1) & mask) {
            if (table[i] == f) {
                return false;
            }
            if (table[i] == 0) {
                table[i] = f;
                return true;
            }
        }
    }

    private static long nonZero(long f) {
        return f == 0 ? 1 : f; // 0 marks an empty slot
    }

    private static int spread(long f) {
        long h = f * 0x9E3779B97F4A7C15L;
        return (int) (h ^ (h >>> 32));
    }
}
