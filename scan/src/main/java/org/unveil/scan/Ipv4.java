package org.unveil.scan;

/** Dotted-quad IPv4 addresses as unsigned 32-bit values held in an int. */
public final class Ipv4 {
    private Ipv4() {
    }

    /** The address in {@code text[from, to)}, or -1L when it is not a dotted quad; allocates nothing. */
    public static long parse(CharSequence text, int from, int to) {
        long value = 0;
        int octets = 0;
        int octet = -1;
        for (int i = from; i < to; i++) {
            char c = text.charAt(i);
            if (c >= '0' && c <= '9') {
                // a leading zero ("010") is octal to some parsers: refuse it rather than guess
                if (octet == 0) {
                    return -1L;
                }
                octet = (octet < 0 ? 0 : octet * 10) + (c - '0');
                if (octet > 255) {
                    return -1L;
                }
            } else if (c == '.' && octet >= 0 && octets < 3) {
                value = value << 8 | octet;
                octets++;
                octet = -1;
            } else {
                return -1L;
            }
        }
        if (octets != 3 || octet < 0) {
            return -1L;
        }
        return value << 8 | octet;
    }

    /** The address in the ASCII bytes {@code text[from, to)}, or -1L; the same rules, allocates nothing. */
    public static long parse(byte[] text, int from, int to) {
        long value = 0;
        int octets = 0;
        int octet = -1;
        for (int i = from; i < to; i++) {
            int c = text[i];
            if (c >= '0' && c <= '9') {
                if (octet == 0) {
                    return -1L;
                }
                octet = (octet < 0 ? 0 : octet * 10) + (c - '0');
                if (octet > 255) {
                    return -1L;
                }
            } else if (c == '.' && octet >= 0 && octets < 3) {
                value = value << 8 | octet;
                octets++;
                octet = -1;
            } else {
                return -1L;
            }
        }
        if (octets != 3 || octet < 0) {
            return -1L;
        }
        return value << 8 | octet;
    }

    /** The address {@code text} names, or -1L. */
    public static long parse(CharSequence text) {
        return parse(text, 0, text.length());
    }

    /** Dotted-quad text of an address. */
    public static String format(int address) {
        return (address >>> 24) + "." + (address >>> 16 & 0xff) + "." + (address >>> 8 & 0xff) + "." + (address & 0xff);
    }
}
