package org.unveil.scan.geo;

/**
 * Values over the IPv6 space as sorted, disjoint ranges, like {@link RangeTable} for IPv4: entry i covers [start(i),
 * start(i+1)) and holds value i (-1: nothing known), the first starting at ::. A start is two longs (high and low 64
 * bits) kept with their sign bits flipped, so that signed order is unsigned address order. IPv6's ranges crowd into
 * a few /16s (2001::/16, 2a01::/16 hold thousands each), so the index has two levels: the top 16 bits pick a /16,
 * whose crowded ones are cut again by the next bits into about as many pieces as they hold ranges; the binary
 * search then runs over the few ranges of one piece. Nothing is allocated.
 */
public final class RangeTable6 {
    private final long[] his;
    private final long[] los;
    private final int[] values;
    /** For /16 b: where its pieces start in {@link #pieces}, and how many bits below the top 16 cut it. */
    private final int[] pieceBase = new int[65536];
    private final byte[] pieceBits = new byte[65536];
    /** pieces[pieceBase[b] + j]: the entry holding the first address of piece j of /16 b; one more at the end. */
    private final int[] pieces;

    /** Starts as (hi, lo) pairs, unsigned and strictly increasing, the first 0; {@code values} beside them. */
    RangeTable6(long[] startHi, long[] startLo, int[] values) {
        int n = startHi.length;
        if (n == 0 || startHi[0] != 0 || startLo[0] != 0 || startLo.length != n || values.length != n) {
            throw new IllegalArgumentException("a range table starts at :: with one value per start");
        }
        this.his = new long[n];
        this.los = new long[n];
        for (int i = 0; i < n; i++) {
            his[i] = startHi[i] ^ Long.MIN_VALUE;
            los[i] = startLo[i] ^ Long.MIN_VALUE;
            if (i > 0 && !(his[i] > his[i - 1] || his[i] == his[i - 1] && los[i] > los[i - 1])) {
                throw new IllegalArgumentException("range starts must increase");
            }
        }
        this.values = values.clone();
        int[] first = new int[65537];
        for (int b = 0; b < 65536; b++) {
            first[b] = indexOf((long) b << 48, 0);
        }
        first[65536] = n - 1;
        int total = 0;
        for (int b = 0; b < 65536; b++) {
            int m = first[b + 1] - first[b] + 1;
            int bits = m <= 4 ? 0 : Math.min(20, 32 - Integer.numberOfLeadingZeros(m - 1));
            pieceBits[b] = (byte) bits;
            pieceBase[b] = total;
            total += (1 << bits) + 1;
        }
        pieces = new int[total];
        for (int b = 0; b < 65536; b++) {
            int bits = pieceBits[b];
            int base = pieceBase[b];
            for (int j = 0; j < 1 << bits; j++) {
                pieces[base + j] = bits == 0 ? first[b] : indexOf((long) b << 48 | (long) j << (48 - bits), 0);
            }
            pieces[base + (1 << bits)] = first[b + 1];
        }
    }

    /** The empty table: nothing known anywhere. */
    static RangeTable6 empty() {
        return new RangeTable6(new long[] {0}, new long[] {0}, new int[] {-1});
    }

    /** The value at the address (hi, lo), or -1. */
    public int lookup(long hi, long lo) {
        long kh = hi ^ Long.MIN_VALUE;
        long kl = lo ^ Long.MIN_VALUE;
        int b = (int) (hi >>> 48);
        int bits = pieceBits[b];
        int at = pieceBase[b] + (bits == 0 ? 0 : (int) (hi << 16 >>> (64 - bits)));
        int low = pieces[at];
        int high = pieces[at + 1];
        // the last entry whose start is <= the address: at least pieces[at], which holds the piece's first address
        while (low < high) {
            int mid = (low + high + 1) >>> 1;
            long h = his[mid];
            if (h < kh || h == kh && los[mid] <= kl) {
                low = mid;
            } else {
                high = mid - 1;
            }
        }
        return values[low];
    }

    /** How many ranges, gaps included. */
    public int size() {
        return his.length;
    }

    /** Range i's first address, high 64 bits. */
    public long startHi(int i) {
        return his[i] ^ Long.MIN_VALUE;
    }

    /** Range i's first address, low 64 bits. */
    public long startLo(int i) {
        return los[i] ^ Long.MIN_VALUE;
    }

    /** Range i's value. */
    public int value(int i) {
        return values[i];
    }

    /** The index of the range holding (hi, lo). */
    int indexOf(long hi, long lo) {
        long kh = hi ^ Long.MIN_VALUE;
        long kl = lo ^ Long.MIN_VALUE;
        int low = 0;
        int high = his.length - 1;
        while (low < high) {
            int mid = (low + high + 1) >>> 1;
            if (his[mid] < kh || his[mid] == kh && los[mid] <= kl) {
                low = mid;
            } else {
                high = mid - 1;
            }
        }
        return low;
    }
}
