package org.unveil.scan;

import java.math.BigInteger;

/**
 * IPv6 addresses as two longs, the high and the low 64 bits (unsigned), parsed from RFC 4291 text: eight groups of
 * up to four hex digits, one "::" for a run of zero groups, and an embedded dotted quad at the end
 * ("::ffff:192.0.2.1"). Zone ids ("%eth0") and prefixes are refused.
 */
public final class Ipv6 {
    private Ipv6() {
    }

    /**
     * Parses {@code text[from, to)} into {@code out[0]} (high) and {@code out[1]} (low); false when it is not an IPv6
     * address. IPv6 lines are rare in scan results, so this keeps to clarity over speed.
     */
    public static boolean parse(CharSequence text, int from, int to, long[] out) {
        int n = to - from;
        if (n < 2 || n > 45) {
            return false;
        }
        int[] head = new int[8];
        int[] tail = new int[8];
        int heads = 0;
        int tails = 0;
        boolean gap = false;
        int i = from;
        if (text.charAt(i) == ':') {
            if (text.charAt(i + 1) != ':') {
                return false;
            }
            gap = true;
            i += 2;
        }
        while (i < to) {
            int start = i;
            int value = 0;
            while (i < to && i - start < 5 && hex(text.charAt(i)) >= 0) {
                value = value << 4 | hex(text.charAt(i));
                i++;
            }
            if (i < to && text.charAt(i) == '.') {
                // an embedded IPv4 address: the last two groups
                long v4 = Ipv4.parse(text, start, to);
                if (v4 < 0 || heads + tails > 6) {
                    return false;
                }
                int[] g = gap ? tail : head;
                int k = gap ? tails : heads;
                g[k] = (int) (v4 >>> 16);
                g[k + 1] = (int) (v4 & 0xffff);
                if (gap) {
                    tails += 2;
                } else {
                    heads += 2;
                }
                i = to;
                break;
            }
            int digits = i - start;
            if (digits == 0 || digits > 4 || heads + tails == 8) {
                return false;
            }
            if (gap) {
                tail[tails++] = value;
            } else {
                head[heads++] = value;
            }
            if (i == to) {
                break;
            }
            if (text.charAt(i) != ':' || i + 1 == to) {
                return false; // not a separator, or a single trailing colon
            }
            i++;
            if (text.charAt(i) == ':') {
                if (gap) {
                    return false; // a second "::"
                }
                gap = true;
                i++;
            }
        }
        if (gap ? heads + tails > 7 : heads != 8) {
            return false;
        }
        int[] g = new int[8];
        System.arraycopy(head, 0, g, 0, heads);
        System.arraycopy(tail, 0, g, 8 - tails, tails);
        long hi = 0;
        long lo = 0;
        for (int k = 0; k < 4; k++) {
            hi = hi << 16 | g[k];
            lo = lo << 16 | g[4 + k];
        }
        out[0] = hi;
        out[1] = lo;
        return true;
    }

    /** An ASCII hex digit's value, or -1 (Character.digit would take other scripts' digits too). */
    private static int hex(char c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        }
        if (c >= 'A' && c <= 'F') {
            return c - 'A' + 10;
        }
        return -1;
    }

    /** The same from ASCII bytes. */
    public static boolean parse(byte[] text, int from, int to, long[] out) {
        if (to - from > 45) {
            return false;
        }
        return parse(new String(text, from, to - from, java.nio.charset.StandardCharsets.ISO_8859_1), out);
    }

    /** The address {@code text} names into {@code out}, or false. */
    public static boolean parse(CharSequence text, long[] out) {
        return parse(text, 0, text.length(), out);
    }

    /** The unsigned 128-bit value of (hi, lo). */
    public static BigInteger toBigInteger(long hi, long lo) {
        return new BigInteger(Long.toUnsignedString(hi)).shiftLeft(64).or(new BigInteger(Long.toUnsignedString(lo)));
    }

    /** RFC 5952 text: lower-case hex, leading zeros dropped, the longest run of two or more zero groups as "::". */
    public static String format(long hi, long lo) {
        int[] g = new int[8];
        for (int i = 0; i < 4; i++) {
            g[i] = (int) (hi >>> (48 - 16 * i)) & 0xffff;
            g[4 + i] = (int) (lo >>> (48 - 16 * i)) & 0xffff;
        }
        int bestAt = -1;
        int bestLen = 1;
        for (int i = 0; i < 8;) {
            if (g[i] != 0) {
                i++;
                continue;
            }
            int j = i;
            while (j < 8 && g[j] == 0) {
                j++;
            }
            if (j - i > bestLen) {
                bestAt = i;
                bestLen = j - i;
            }
            i = j;
        }
        StringBuilder sb = new StringBuilder(39);
        for (int i = 0; i < 8; i++) {
            if (i == bestAt) {
                sb.append("::");
                i += bestLen - 1;
                continue;
            }
            if (sb.length() > 0 && sb.charAt(sb.length() - 1) != ':') {
                sb.append(':');
            }
            sb.append(Integer.toHexString(g[i]));
        }
        return sb.toString();
    }
}
