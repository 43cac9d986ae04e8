package org.unveil.synth.model;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;

/** IPv4 addresses as ints in network order, the form frames and tables use. */
public final class Ipv4 {
    private static final java.util.regex.Pattern DOTTED_QUAD =
            java.util.regex.Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");

    private Ipv4() {
    }

    /**
     * Parses a dotted-quad literal (never a name: nothing here may trigger a lookup).
     *
     * @throws IllegalArgumentException "'x' is not an IPv4 address"
     */
    public static int parse(String text) {
        try {
            // four parts only: the literal parser would also take BSD shorthands such as 1.2.3 (1.2.0.3)
            if (DOTTED_QUAD.matcher(text.trim()).matches() && InetAddress.ofLiteral(text.trim()) instanceof Inet4Address a) {
                byte[] b = a.getAddress();
                return (b[0] & 0xFF) << 24 | (b[1] & 0xFF) << 16 | (b[2] & 0xFF) << 8 | (b[3] & 0xFF);
            }
        } catch (IllegalArgumentException e) {
            // fall through to the one message
        }
        throw new IllegalArgumentException("'" + text + "' is not an IPv4 address");
    }

    public static InetAddress inet(int address) {
        try {
            return InetAddress.getByAddress(new byte[] {(byte) (address >>> 24), (byte) (address >>> 16),
                (byte) (address >>> 8), (byte) address});
        } catch (UnknownHostException e) {
            throw new AssertionError("four bytes are always an address", e);
        }
    }

    public static String format(int address) {
        return (address >>> 24) + "." + (address >>> 16 & 0xFF) + "." + (address >>> 8 & 0xFF) + "." + (address & 0xFF);
    }
}
