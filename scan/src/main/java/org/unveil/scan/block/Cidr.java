package org.unveil.scan.block;

import org.unveil.scan.Ipv4;

/** An IPv4 range written as A.B.C.D/N (or one address), as unsigned [first, last]. */
public record Cidr(long first, long last, String text) {
    /** Text that is not a CIDR block, in plain words. */
    public static final class BadCidr extends Exception {
        BadCidr(String message) {
            super(message, null, false, false);
        }
    }

    /** Reads {@code text}: "192.0.2.0/24" or "192.0.2.7"; host bits must be zero. */
    public static Cidr parse(String text) throws BadCidr {
        String t = text.strip();
        int slash = t.indexOf('/');
        long address = Ipv4.parse(t, 0, slash < 0 ? t.length() : slash);
        if (address < 0) {
            throw new BadCidr("'" + text + "' is not an IPv4 address or CIDR block (like 192.0.2.0/24)");
        }
        int bits = 32;
        if (slash >= 0) {
            try {
                bits = Integer.parseInt(t.substring(slash + 1));
            } catch (NumberFormatException e) {
                bits = -1;
            }
            if (bits < 0 || bits > 32) {
                throw new BadCidr("'" + text + "': the prefix length must be 0 to 32");
            }
        }
        long size = 1L << (32 - bits);
        if ((address & (size - 1)) != 0) {
            throw new BadCidr("'" + text + "' has host bits set; did you mean " + Ipv4.format((int) (address & -size))
                    + "/" + bits + "?");
        }
        return new Cidr(address, address + size - 1, Ipv4.format((int) address) + "/" + bits);
    }

    /** Whether the whole of this range lies in {@code other}. */
    public boolean within(Cidr other) {
        return first >= other.first && last <= other.last;
    }

    @Override
    public String toString() {
        return text;
    }
}
