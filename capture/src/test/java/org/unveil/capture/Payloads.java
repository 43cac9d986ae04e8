package org.unveil.capture;

/** Packet bytes for fixtures. */
public final class Payloads {
    private Payloads() {
    }

    /**
     * {@code length} bytes counting up by 31 from {@code seed}: distinct per seed, and never three zero bytes
     * in a row, so no stretch of payload reads as a small block type or a plausible pcap record header.
     */
    public static byte[] pattern(int length, int seed) {
        byte[] b = new byte[length];
        for (int i = 0; i < length; i++) {
            b[i] = (byte) (seed + 31 * i + 1);
        }
        return b;
    }
}
