package org.unveil.generator.frame;

/** Big-endian (network order) stores into a byte array. */
public final class Bytes {
    private Bytes() {
    }

    public static void put16(byte[] b, int at, int value) {
        b[at] = (byte) (value >>> 8);
        b[at + 1] = (byte) value;
    }

    public static void put24(byte[] b, int at, int value) {
        b[at] = (byte) (value >>> 16);
        put16(b, at + 1, value);
    }

    public static void put32(byte[] b, int at, int value) {
        b[at] = (byte) (value >>> 24);
        b[at + 1] = (byte) (value >>> 16);
        b[at + 2] = (byte) (value >>> 8);
        b[at + 3] = (byte) value;
    }

    public static void put64(byte[] b, int at, long value) {
        put32(b, at, (int) (value >>> 32));
        put32(b, at + 4, (int) value);
    }
}
