package org.unveil.trace;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

/**
 * Finds a needle in captured bytes. A needle of {@value #SAMPLED_FROM} bytes or more (a whole IPv4 address such as
 * {@code 198.51.100.200}, a header name) is looked for by {@link GramSample}: one 4-byte read every
 * {@code length - 3} bytes, which about halves the loads and work per payload byte. A shorter one eight positions
 * at a time: the word at each position and the word
 * {@code needle.length - 1} bytes further are tested for the needle's first and last byte with the
 * has-zero-byte trick (Hacker's Delight 6-1), and only positions where both are found are compared in full
 * (the first-and-last-byte filter of SIMD substring searches). An address such as {@code 198.51.100.200} in a
 * head full of digits and dots thus leaves few candidates, and a head that does not hold the needle costs
 * about two loads and a few ALU operations per eight bytes instead of a bounds-checked load per byte.
 */
final class ByteSearch {
    private static final long ONES = 0x0101_0101_0101_0101L;
    private static final long HIGHS = 0x8080_8080_8080_8080L;
    private static final long CASE_BITS = 0x2020_2020_2020_2020L;
    private static final ValueLayout.OfLong WORD = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    private final byte[] needle;
    private final long firstRepeated;
    private final long lastRepeated;
    private final boolean foldCase;
    /** Needles this long or longer are sampled: a stride of eight or more bytes beats the word test. */
    static final int SAMPLED_FROM = 11;
    private final GramSample sampled;

    /**
     * @param foldCase when true, bytes are compared with bit 0x20 set on both sides: every ASCII case variant
     *     of the needle is found (and some non-letters alias too), which is what a pre-filter for a
     *     case-insensitive match needs
     */
    ByteSearch(byte[] needle, boolean foldCase) {
        if (needle.length == 0) {
            throw new IllegalArgumentException("empty needle");
        }
        this.foldCase = foldCase;
        this.needle = needle.clone();
        if (foldCase) {
            for (int i = 0; i < this.needle.length; i++) {
                this.needle[i] |= 0x20;
            }
        }
        this.firstRepeated = (this.needle[0] & 0xFFL) * ONES;
        this.lastRepeated = (this.needle[this.needle.length - 1] & 0xFFL) * ONES;
        this.sampled = needle.length >= SAMPLED_FROM ? new GramSample(this.needle, foldCase) : null;
    }

    /** Whether {@code [offset, offset + length)} of {@code segment} holds the needle. */
    boolean in(MemorySegment segment, long offset, int length) {
        if (sampled != null) {
            return sampled.in(segment, offset, length);
        }
        long end = offset + length;
        long last = end - needle.length; // the last position a match can start at
        long at = offset;
        long fold = foldCase ? CASE_BITS : 0;
        int tail = needle.length - 1;
        while (at + tail + Long.BYTES <= end) {
            // every position whose first and last byte are right is flagged (and a few more: the trick may flag
            // a byte above a true hit), so the full comparison below decides
            long x = (segment.get(WORD, at) | fold) ^ firstRepeated;
            long y = (segment.get(WORD, at + tail) | fold) ^ lastRepeated;
            long hits = (x - ONES) & ~x & (y - ONES) & ~y & HIGHS;
            while (hits != 0) {
                long candidate = at + (Long.numberOfTrailingZeros(hits) >>> 3);
                if (candidate <= last && matchesAt(segment, candidate)) {
                    return true;
                }
                hits &= hits - 1;
            }
            at += Long.BYTES;
        }
        for (; at <= last; at++) {
            if (matchesAt(segment, at)) {
                return true;
            }
        }
        return false;
    }

    private boolean matchesAt(MemorySegment segment, long at) {
        int fold = foldCase ? 0x20 : 0;
        for (int i = 0; i < needle.length; i++) {
            if ((segment.get(ValueLayout.JAVA_BYTE, at + i) | fold) != needle[i]) {
                return false;
            }
        }
        return true;
    }
}
