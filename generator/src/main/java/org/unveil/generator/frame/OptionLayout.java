package org.unveil.generator.frame;

/**
 * The order in which a stack writes the options of its SYN, with and without timestamps (the layout is what
 * separates stacks whose values agree). Kinds are RFC 9293/7323/2018 option kinds; padding follows as zeros.
 * The one writer of TCP options for every generator.
 */
public enum OptionLayout {
    LINUX(new int[] {2, 4, 8, 1, 3}, new int[] {2, 1, 1, 4, 1, 3}),
    WINDOWS(new int[] {2, 1, 3, 4, 8}, new int[] {2, 1, 3, 1, 1, 4}),
    MACOS(new int[] {2, 1, 3, 1, 1, 8, 4, 0}, new int[] {2, 1, 3, 1, 1, 4, 0}),
    /** Windows 2000/XP/2003 without RFC 1323: MSS,NOP,NOP,SACK_PERM, no scale and no timestamps either way. */
    WINDOWS_NT5(new int[] {2, 1, 1, 4}, new int[] {2, 1, 1, 4});

    public static final int END = 0;
    public static final int NOP = 1;
    public static final int MSS = 2;
    public static final int WINDOW_SCALE = 3;
    public static final int SACK_PERMITTED = 4;
    public static final int TIMESTAMPS = 8;
    /** NOP, NOP, timestamps: what {@link #writeEstablished} writes. */
    public static final int ESTABLISHED_LENGTH = 12;

    private final int[] withTimestamps;
    private final int[] withoutTimestamps;

    OptionLayout(int[] withTimestamps, int[] withoutTimestamps) {
        this.withTimestamps = withTimestamps;
        this.withoutTimestamps = withoutTimestamps;
    }

    /**
     * Writes the handshake options at {@code at}.
     *
     * @return their length, padded to a multiple of four
     */
    public int write(byte[] b, int at, int mss, int windowScale, boolean timestamps, long tsval, long tsecr) {
        int i = at;
        for (int kind : timestamps ? withTimestamps : withoutTimestamps) {
            b[i++] = (byte) kind;
            switch (kind) {
                case MSS -> {
                    b[i++] = 4;
                    b[i++] = (byte) (mss >>> 8);
                    b[i++] = (byte) mss;
                }
                case WINDOW_SCALE -> {
                    b[i++] = 3;
                    b[i++] = (byte) windowScale;
                }
                case SACK_PERMITTED -> b[i++] = 2;
                case TIMESTAMPS -> i = writeTimestampValues(b, i, tsval, tsecr);
                default -> { } // NOP and END are one byte
            }
        }
        while (((i - at) & 3) != 0) {
            b[i++] = END;
        }
        return i - at;
    }

    /** NOP, NOP, timestamps: the 12 option bytes of every later segment of a timestamped connection. */
    public static int writeEstablished(byte[] b, int at, long tsval, long tsecr) {
        b[at] = NOP;
        b[at + 1] = NOP;
        b[at + 2] = TIMESTAMPS;
        writeTimestampValues(b, at + 3, tsval, tsecr);
        return ESTABLISHED_LENGTH;
    }

    private static int writeTimestampValues(byte[] b, int i, long tsval, long tsecr) {
        b[i++] = 10;
        for (int shift = 24; shift >= 0; shift -= 8) {
            b[i++] = (byte) (tsval >>> shift);
        }
        for (int shift = 24; shift >= 0; shift -= 8) {
            b[i++] = (byte) (tsecr >>> shift);
        }
        return i;
    }
}
