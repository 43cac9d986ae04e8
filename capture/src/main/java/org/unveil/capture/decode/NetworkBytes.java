package org.unveil.capture.decode;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

/** Reads unsigned big-endian (network order) integers from a segment; the one place decoders touch bytes. */
public final class NetworkBytes {
    private static final ValueLayout.OfShort U16 = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);
    private static final ValueLayout.OfInt U32 = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);
    private static final ValueLayout.OfLong U64 = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);

    private NetworkBytes() {
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
