package org.unveil.bench;

/** Writes TCP options (RFC 9293, RFC 7323, RFC 2018) in the orders real stacks send them. */
final class TcpOptions {
    /** NOP, NOP, timestamps: what every established segment of a timestamped connection carries. */
    static final int ESTABLISHED_LENGTH = 12;
    private static final int NOP = 1;
    private static final int MSS = 2;
    private static final int WINDOW_SCALE = 3;
    private static final int SACK_PERMITTED = 4;
    private static final int TIMESTAMPS = 8;

    private TcpOptions() {
    }

    /**
     * Writes the options of a SYN or SYN-ACK at {@code at}.
     *
     * @return their length, padded to a multiple of four
     */
    static int handshake(byte[] b, int at, OsProfile.SynLayout layout, int mss, int windowScale, boolean timestamps,
            long tsval, long tsecr) {
        int i = at;
        switch (layout) {
            case LINUX -> {
                i = mss(b, i, mss);
                if (timestamps) {
                    i = sackPermitted(b, i);
                    i = timestamps(b, i, tsval, tsecr);
                    b[i++] = NOP;
                } else {
                    b[i++] = NOP;
                    b[i++] = NOP;
                    i = sackPermitted(b, i);
                    b[i++] = NOP;
                }
                i = windowScale(b, i, windowScale);
            }
            case WINDOWS -> {
                i = mss(b, i, mss);
                b[i++] = NOP;
                i = windowScale(b, i, windowScale);
                if (timestamps) {
                    i = sackPermitted(b, i);
                    i = timestamps(b, i, tsval, tsecr);
                } else {
                    b[i++] = NOP;
                    b[i++] = NOP;
                    i = sackPermitted(b, i);
                }
            }
            case MACOS -> {
                i = mss(b, i, mss);
                b[i++] = NOP;
                i = windowScale(b, i, windowScale);
                b[i++] = NOP;
                b[i++] = NOP;
                if (timestamps) {
                    i = timestamps(b, i, tsval, tsecr);
                }
                i = sackPermitted(b, i);
                b[i++] = 0; // EOL, then zero padding
            }
        }
        while (((i - at) & 3) != 0) {
            b[i++] = 0;
        }
        return i - at;
    }

    /** NOP, NOP, timestamps; returns {@link #ESTABLISHED_LENGTH}. */
    static int established(byte[] b, int at, long tsval, long tsecr) {
        b[at] = NOP;
        b[at + 1] = NOP;
        timestamps(b, at + 2, tsval, tsecr);
        return ESTABLISHED_LENGTH;
    }

    private static int mss(byte[] b, int at, int mss) {
        b[at] = MSS;
        b[at + 1] = 4;
        Bytes.put16(b, at + 2, mss);
        return at + 4;
    }

    private static int windowScale(byte[] b, int at, int shift) {
        b[at] = WINDOW_SCALE;
        b[at + 1] = 3;
        b[at + 2] = (byte) shift;
        return at + 3;
    }

    private static int sackPermitted(byte[] b, int at) {
        b[at] = SACK_PERMITTED;
        b[at + 1] = 2;
        return at + 2;
    }

    private static int timestamps(byte[] b, int at, long tsval, long tsecr) {
        b[at] = TIMESTAMPS;
        b[at + 1] = 10;
        Bytes.put32(b, at + 2, (int) tsval);
        Bytes.put32(b, at + 6, (int) tsecr);
        return at + 10;
    }
}
