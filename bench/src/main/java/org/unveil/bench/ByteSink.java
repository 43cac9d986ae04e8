package org.unveil.bench;

import java.util.Arrays;

/** A growable byte array with network-order writes and length prefixes filled in afterwards; for setup only. */
final class ByteSink {
    private byte[] bytes = new byte[256];
    private int size;

    int size() {
        return size;
    }

    ByteSink u8(int value) {
        ensure(1);
        bytes[size++] = (byte) value;
        return this;
    }

    ByteSink u16(int value) {
        ensure(2);
        Bytes.put16(bytes, size, value);
        size += 2;
        return this;
    }

    ByteSink bytes(byte[] value) {
        ensure(value.length);
        System.arraycopy(value, 0, bytes, size, value.length);
        size += value.length;
        return this;
    }

    ByteSink zeros(int count) {
        ensure(count);
        size += count;
        return this;
    }

    /** Reserves a 16-bit length; {@link #close16} fills in the bytes written since. */
    int open16() {
        u16(0);
        return size;
    }

    void close16(int mark) {
        Bytes.put16(bytes, mark - 2, size - mark);
    }

    int open24() {
        ensure(3);
        size += 3;
        return size;
    }

    void close24(int mark) {
        Bytes.put24(bytes, mark - 3, size - mark);
    }

    int open8() {
        u8(0);
        return size;
    }

    void close8(int mark) {
        bytes[mark - 1] = (byte) (size - mark);
    }

    byte[] toArray() {
        return Arrays.copyOf(bytes, size);
    }

    private void ensure(int more) {
        if (size + more > bytes.length) {
            bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, size + more));
        }
    }
}
