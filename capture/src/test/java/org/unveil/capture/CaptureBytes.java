package org.unveil.capture;

import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * A growable byte array written in a chosen byte order: the raw material of the test capture builders.
 * The order can change midway (a pcapng file whose sections differ in byte order).
 */
public final class CaptureBytes {
    private byte[] bytes = new byte[256];
    private int length;
    private ByteOrder order;

    public CaptureBytes(ByteOrder order) {
        this.order = order;
    }

    public void order(ByteOrder order) {
        this.order = order;
    }

    public ByteOrder order() {
        return order;
    }

    public int length() {
        return length;
    }

    public CaptureBytes u8(int v) {
        ensure(1);
        bytes[length++] = (byte) v;
        return this;
    }

    public CaptureBytes u16(int v) {
        if (order == ByteOrder.BIG_ENDIAN) {
            u8(v >>> 8).u8(v);
        } else {
            u8(v).u8(v >>> 8);
        }
        return this;
    }

    public CaptureBytes u32(long v) {
        int i = (int) v;
        if (order == ByteOrder.BIG_ENDIAN) {
            u8(i >>> 24).u8(i >>> 16).u8(i >>> 8).u8(i);
        } else {
            u8(i).u8(i >>> 8).u8(i >>> 16).u8(i >>> 24);
        }
        return this;
    }

    public CaptureBytes u64(long v) {
        if (order == ByteOrder.BIG_ENDIAN) {
            u32(v >>> 32).u32(v);
        } else {
            u32(v).u32(v >>> 32);
        }
        return this;
    }

    public CaptureBytes raw(byte[] data) {
        ensure(data.length);
        System.arraycopy(data, 0, bytes, length, data.length);
        length += data.length;
        return this;
    }

    /** Zero bytes up to the next multiple of four. */
    public CaptureBytes pad4() {
        while ((length & 3) != 0) {
            u8(0);
        }
        return this;
    }

    /** Overwrites the 32-bit value at {@code at} in the current byte order (for damaging a file on purpose). */
    public void setU32(int at, long v) {
        int saved = length;
        length = at;
        u32(v);
        length = Math.max(saved, length);
    }

    public byte[] toArray() {
        return Arrays.copyOf(bytes, length);
    }

    private void ensure(int more) {
        if (length + more > bytes.length) {
            bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, length + more));
        }
    }
}
