package org.unveil.bench;

/** Big-endian (network order) stores into a byte array. */
final class Bytes {
    private Bytes() {
    }

    static void put16(byte[] b, int at, int value) {
        b[at] = (byte) (value >>> 8);
        b[at + 1] = (byte) value;
    }

    static void put24(byte[] b, int at, int value) {
        b[at] = (byte) (value >>> 16);
        put16(b, at + 1, value);
    }

    static void put32(byte[] b, int at, int value) {
        b[at] = (byte) (value >>> 24);
        b[at + 1] = (byte) (value >>> 16);
        b[at + 2] = (byte) (value >>> 8);
        b[at + 3] = (byte) value;
    }

    static void put64(byte[] b, int at, long value) {
        put32(b, at, (int) (value >>> 32));
        put32(b, at + 4, (int) value);
    }
}
