package org.unveil.generator.frame;

import java.util.Arrays;

/** A growable byte array with network-order writes and length prefixes filled in afterwards; for setup only. */
public final class ByteSink {
    private byte[] bytes = new byte[256];
    private int size;

    public int size() {
        return size;
    }

    public ByteSink u8(int value) {
        ensure(1);
        bytes[size++] = (byte) value;
        return this;
    }

    public ByteSink u16(int value) {
        ensure(2);
        Bytes.put16(bytes, size, value);
        size += 2;
        return this;
    }

    public ByteSink bytes(byte[] value) {
        ensure(value.length);
        System.arraycopy(value, 0, bytes, size, value.length);
        size += value.length;
        return this;
    }

    public ByteSink zeros(int count) {
        ensure(count);
        size += count;
        return this;
    }

    /** Reserves a 16-bit length; {@link #close16} fills in the bytes written since. */
    public int open16() {
        u16(0);
        return size;
    }

    public void close16(int mark) {
        Bytes.put16(bytes, mark - 2, size - mark);
    }

    public int open24() {
        ensure(3);
        size += 3;
        return size;
    }

    public void close24(int mark) {
        Bytes.put24(bytes, mark - 3, size - mark);
    }

    public int open8() {
        u8(0);
        return size;
    }

    public void close8(int mark) {
        bytes[mark - 1] = (byte) (size - mark);
    }

    public byte[] toArray() {
        return Arrays.copyOf(bytes, size);
    }

    private void ensure(int more) {
        if (size + more > bytes.length) {
            bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, size + more));
        }
    }
}
