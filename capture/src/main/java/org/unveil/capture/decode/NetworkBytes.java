package org.unveil.capture.decode;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

/** Reads unsigned big-endian (network order) integers from a segment; the one place decoders touch bytes. */
public final class NetworkBytes {
    private static final ValueLayout.OfShort U16 = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);
    private static final ValueLayout.OfInt U32 = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);
    private static final ValueLayout.OfLong U64 = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);

    private static final ValueLayout.OfLong WORD = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final long ONES = 0x0101_0101_0101_0101L;
    private static final long HIGHS = 0x8080_8080_8080_8080L;
    private static final long CRS = 0x0D0D_0D0D_0D0D_0D0DL;
    private static final long LFS = 0x0A0A_0A0A_0A0A_0A0AL;

    private NetworkBytes() {
    }

    /**
     * The high bit of each byte of {@code x} that is zero (Hacker's Delight 6-1); bytes above a zero byte may
     * be flagged too, but the lowest flag is always exact, which is all a forward search needs.
     */
    private static long zeroBytes(long x) {
        return (x - ONES) & ~x & HIGHS;
    }

    /**
     * Offset of the first CR or LF in {@code [at, end)} of {@code s}, or -1: eight bytes a step, so a long header
     * line costs a load and a few ALU operations per eight bytes instead of a bounds-checked load per byte.
     */
    public static long lineEnd(MemorySegment s, long at, long end) {
        long i = at;
        for (; i + Long.BYTES <= end; i += Long.BYTES) {
            long w = s.get(WORD, i); // little-endian: the byte at the lowest offset is the lowest in the word
            long hits = zeroBytes(w ^ CRS) | zeroBytes(w ^ LFS);
            if (hits != 0) {
                return i + (Long.numberOfTrailingZeros(hits) >>> 3);
            }
        }
        for (; i < end; i++) {
            int b = u8(s, i);
            if (b == '\r' || b == '\n') {
                return i;
            }
        }
        return -1;
    }

    /** Offset of the first byte {@code b} in {@code [at, end)} of {@code s}, or -1; eight bytes a step. */
    public static long indexOf(MemorySegment s, long at, long end, byte b) {
        long repeated = (b & 0xFFL) * ONES;
        long i = at;
        for (; i + Long.BYTES <= end; i += Long.BYTES) {
            long hits = zeroBytes(s.get(WORD, i) ^ repeated);
            if (hits != 0) {
                return i + (Long.numberOfTrailingZeros(hits) >>> 3);
            }
        }
        for (; i < end; i++) {
            if (s.get(ValueLayout.JAVA_BYTE, i) == b) {
                return i;
            }
        }
        return -1;
    }

    public static int u8(MemorySegment s, long offset) {
        return s.get(ValueLayout.JAVA_BYTE, offset) & 0xFF;
    }

    public static int u16(MemorySegment s, long offset) {
        return s.get(U16, offset) & 0xFFFF;
    }

    public static int u24(MemorySegment s, long offset) {
        return (u8(s, offset) << 16) | u16(s, offset + 1);
    }

    /** A 32-bit value; callers wanting it unsigned use {@link Integer#toUnsignedLong}. */
    public static int i32(MemorySegment s, long offset) {
        return s.get(U32, offset);
    }

    public static long u32(MemorySegment s, long offset) {
        return Integer.toUnsignedLong(s.get(U32, offset));
    }

    public static long i64(MemorySegment s, long offset) {
        return s.get(U64, offset);
    }

    /** Text of ASCII bytes, for the rare caller that wants a String. */
    public static String ascii(MemorySegment s, long offset, int length) {
        byte[] bytes = new byte[length];
        MemorySegment.copy(s, ValueLayout.JAVA_BYTE, offset, bytes, 0, length);
        return new String(bytes, java.nio.charset.StandardCharsets.ISO_8859_1);
    }
}
