package org.unveil.scan.ingest;

/**
 * The TCP options of a SYN-ACK as zmap's tcp_synscan reports them in its current source (fields
 * {@code tcpopt_mss}, {@code tcpopt_wscale}, {@code tcpopt_sack_perm}, {@code tcpopt_ts_val}; zmap 2.1.1 has none),
 * packed in an int so that the csv reader allocates nothing: {@link #UNKNOWN} where the file does not carry them,
 * else bits 0-16 the MSS + 1 (0: no MSS option), bits 17-21 the window-scale shift + 1 (0: none), bit 22 SACK
 * permitted, bit 23 timestamps. zmap gives which options came and their values, not their order, so a layout here is
 * the set of options present.
 */
public final class TcpOptions {
    /** The format or file carries no options. */
    public static final int UNKNOWN = -1;

    private TcpOptions() {
    }

    /** Packs what a line said: {@code mss} and {@code shift} -1 when absent. */
    public static int pack(int mss, int shift, boolean sack, boolean timestamps) {
        return (mss + 1) | (shift + 1) << 17 | (sack ? 1 << 22 : 0) | (timestamps ? 1 << 23 : 0);
    }

    /** The MSS, or -1. */
    public static int mss(int packed) {
        return packed < 0 ? -1 : (packed & 0x1ffff) - 1;
    }

    /** The window-scale shift, or -1. */
    public static int shift(int packed) {
        return packed < 0 ? -1 : (packed >>> 17 & 31) - 1;
    }

    /**
     * The layout's name: the options present, in the order Linux, Windows and the BSDs all send them when they send
     * them all ("MSS,SACK,TS,WS"), or "none"; null when unknown.
     */
    public static String layout(int packed) {
        if (packed < 0) {
            return null;
        }
        StringBuilder sb = new StringBuilder();
        if (mss(packed) >= 0) {
            sb.append("MSS");
        }
        if ((packed & 1 << 22) != 0) {
            sb.append(sb.isEmpty() ? "" : ",").append("SACK");
        }
        if ((packed & 1 << 23) != 0) {
            sb.append(sb.isEmpty() ? "" : ",").append("TS");
        }
        if (shift(packed) >= 0) {
            sb.append(sb.isEmpty() ? "" : ",").append("WS");
        }
        return sb.isEmpty() ? "none" : sb.toString();
    }

    /**
     * zmap writes the window scale as the factor 2^shift (tcpopt_wscale 128 for shift 7): the shift, or -1 when the
     * value is no power of two up to 2^30.
     */
    static int shiftOf(long factor) {
        if (factor <= 0 || factor > 1 << 30 || (factor & (factor - 1)) != 0) {
            return -1;
        }
        return Long.numberOfTrailingZeros(factor);
    }
}
