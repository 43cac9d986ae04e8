package org.unveil.capture.flow;

/**
 * Text forms of addresses: dotted quad for IPv4, RFC 5952 for IPv6. {@link #format} writes the IPv4-mapped
 * addresses flow keys hold as IPv4; {@link #ipv6} writes addresses from IPv6 headers as tshark does.
 */
public final class IpAddresses {
    private IpAddresses() {
    }

    /**
     * Whether {@code text} is an IPv4 address in dotted-quad form (four decimal parts of 0 to 255) or an IPv6
     * literal. Stricter than {@code InetAddress.ofLiteral}, which takes inet_aton's "1.2.3" and "1" as IPv4: a
     * user who typed three parts made a mistake, not a request for 1.2.0.3.
     */
    public static boolean isLiteral(String text) {
        if (text.indexOf(':') >= 0) {
            // hex digits, colons and an embedded dotted quad only: no zone ("%eth0"), which names no host
            if (!text.chars().allMatch(c -> Character.digit(c, 16) >= 0 || c == ':' || c == '.')) {
                return false;
            }
            try {
                return java.net.InetAddress.ofLiteral(text) instanceof java.net.Inet6Address
                        || text.startsWith("::ffff:");
            } catch (IllegalArgumentException e) {
                return false;
            }
        }
        String[] parts = text.split("\\.", -1);
        if (parts.length != 4) {
            return false;
        }
        for (String part : parts) {
            if (part.isEmpty() || part.length() > 3 || !part.chars().allMatch(c -> c >= '0' && c <= '9')
                    || Integer.parseInt(part) > 255) {
                return false;
            }
        }
        return true;
    }

    /**
     * The 128-bit value of an address {@link #isLiteral} accepts, IPv4 as IPv4-mapped IPv6 as flow keys hold it:
     * {@code {high, low}}; null for anything else. {@code format(parse(a))} is the form Unveil prints, so a user's
     * "2001:DB8:0::1" or "::ffff:192.0.2.1" finds the flows printed as "2001:db8::1" and "192.0.2.1".
     */
    public static long[] parse(String text) {
        if (!isLiteral(text)) {
            return null;
        }
        if (text.indexOf(':') < 0) {
            long v = 0;
            for (String part : text.split("\\.")) {
                v = v << 8 | Integer.parseInt(part); // decimal, as isLiteral checked: "010" is ten, not octal eight
            }
            return new long[] {FlowKey.V4_MAPPED_HIGH, FlowKey.V4_MAPPED_PREFIX | v};
        }
        byte[] b = java.net.InetAddress.ofLiteral(text).getAddress();
        if (b.length == 4) { // ofLiteral turns "::ffff:a.b.c.d" into IPv4
            return new long[] {FlowKey.V4_MAPPED_HIGH, FlowKey.V4_MAPPED_PREFIX | (java.nio.ByteBuffer.wrap(b).getInt()
                    & 0xFFFF_FFFFL)};
        }
        java.nio.ByteBuffer buffer = java.nio.ByteBuffer.wrap(b);
        return new long[] {buffer.getLong(), buffer.getLong()};
    }

    /** The form Unveil prints an address {@link #isLiteral} accepts in; null for anything else. */
    public static String canonical(String text) {
        long[] v = parse(text);
        return v == null ? null : format(v[0], v[1]);
    }

    /** "192.0.2.1:443", or "[2001:db8::1]:443" for IPv6 (RFC 3986's brackets keep the port apart from the groups). */
    public static String withPort(String address, int port) {
        return address.indexOf(':') >= 0 ? "[" + address + "]:" + port : address + ":" + port;
    }

    public static String ipv4(int address) {
        return (address >>> 24) + "." + ((address >>> 16) & 0xFF) + "." + ((address >>> 8) & 0xFF) + "."
                + (address & 0xFF);
    }

    /** Formats a 128-bit address; IPv4-mapped addresses come out as IPv4. */
    public static String format(long high, long low) {
        if (high == 0 && (low >>> 32) == 0xFFFFL) {
            return ipv4((int) low);
        }
        return ipv6(high, low, false);
    }

    /**
     * Formats an address read from an IPv6 header as tshark (through glibc's inet_ntop) writes it: RFC 5952,
     * with IPv4-mapped ({@code ::ffff:192.0.2.1}) and IPv4-compatible ({@code ::192.0.2.1}) addresses in
     * mixed notation, so they stay recognisable as IPv6.
     */
    public static String ipv6(long high, long low) {
        return ipv6(high, low, true);
    }

    private static String ipv6(long high, long low, boolean mixedNotation) {
        int[] groups = new int[8];
        for (int i = 0; i < 4; i++) {
            groups[i] = (int) (high >>> (48 - 16 * i)) & 0xFFFF;
            groups[i + 4] = (int) (low >>> (48 - 16 * i)) & 0xFFFF;
        }
        // RFC 5952 section 4.2: the longest run of two or more zero groups becomes "::", the first if tied
        int bestStart = -1;
        int bestLength = 1;
        for (int i = 0; i < 8; ) {
            if (groups[i] != 0) {
                i++;
                continue;
            }
            int j = i;
            while (j < 8 && groups[j] == 0) {
                j++;
            }
            if (j - i > bestLength) {
                bestStart = i;
                bestLength = j - i;
            }
            i = j;
        }
        // inet_ntop's rule: ::a.b.c.d when the first six groups are zero, ::ffff:a.b.c.d when five are then ffff
        boolean embedded = mixedNotation && bestStart == 0
                && (bestLength == 6 || (bestLength == 5 && groups[5] == 0xFFFF));
        int hexGroups = embedded ? 6 : 8;
        StringBuilder out = new StringBuilder(45);
        for (int i = 0; i < hexGroups; i++) {
            if (i == bestStart) {
                out.append("::");
                i += bestLength - 1;
                continue;
            }
            if (out.length() > 0 && out.charAt(out.length() - 1) != ':') {
                out.append(':');
            }
            out.append(Integer.toHexString(groups[i]));
        }
        if (embedded) {
            if (out.charAt(out.length() - 1) != ':') {
                out.append(':');
            }
            out.append(ipv4((int) low));
        }
        return out.toString();
    }
}
