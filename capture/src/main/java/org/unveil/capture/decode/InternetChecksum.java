package org.unveil.capture.decode;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * The Internet checksum (RFC 1071), for whoever builds or rewrites packets (generators, address rewriting). Sums 32-bit words eight bytes at a time: a one's complement sum of
 * 32-bit words folds to the same 16-bit result, and full-size segments make this the generator's hot loop.
 */
public final class InternetChecksum {
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);
    private static final VarHandle INTS = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.BIG_ENDIAN);

    private InternetChecksum() {
    }

    /** The unfolded sum of {@code length} bytes from {@code offset}, an odd last byte padded with zero. */
    public static long sum(byte[] bytes, int offset, int length) {
        long sum = 0;
        int i = offset;
        int end = offset + length;
        for (; i + 8 <= end; i += 8) {
            long v = (long) LONGS.get(bytes, i);
            sum += (v >>> 32) + (v & 0xFFFFFFFFL);
        }
        if (i + 4 <= end) {
            sum += Integer.toUnsignedLong((int) INTS.get(bytes, i));
            i += 4;
        }
        if (i + 2 <= end) {
            sum += ((bytes[i] & 0xFF) << 8) | (bytes[i + 1] & 0xFF);
            i += 2;
        }
        if (i < end) {
            sum += (bytes[i] & 0xFF) << 8;
        }
        return sum;
    }

    /** Folds a sum to 16 bits and complements it: the value for the checksum field. */
    public static int finish(long sum) {
        while ((sum >>> 16) != 0) {
            sum = (sum & 0xFFFF) + (sum >>> 16);
        }
        return (int) (~sum & 0xFFFF);
    }

    /**
     * The checksum field after one 16-bit word it covers changed from {@code oldWord} to {@code newWord}
     * (RFC 1624, eqn. 3): rewriting an address or port then costs no pass over a payload that may not even
     * have been captured.
     */
    public static int update(int checksum, int oldWord, int newWord) {
        long sum = (~checksum & 0xFFFF) + (~oldWord & 0xFFFF) + (newWord & 0xFFFF);
        return finish(sum);
    }
}
