package org.unveil.scan.block;

import java.util.List;

/**
 * The IANA special-purpose IPv4 ranges (RFC 6890 and its registry) that no scan may touch, the private ones among
 * them, and the three documentation ranges (RFC 5737) that a lab may be allowed to use.
 */
public final class Reserved {
    /** The ranges blocked by default, with why. */
    public static final List<String> BLOCKED = List.of(
            "0.0.0.0/8 this network", "10.0.0.0/8 private", "100.64.0.0/10 shared address space (CGN)",
            "127.0.0.0/8 loopback", "169.254.0.0/16 link local", "172.16.0.0/12 private",
            "192.0.0.0/24 IETF protocol assignments", "192.0.2.0/24 documentation (TEST-NET-1)",
            "192.88.99.0/24 6to4 relay anycast", "192.168.0.0/16 private", "198.18.0.0/15 benchmarking",
            "198.51.100.0/24 documentation (TEST-NET-2)", "203.0.113.0/24 documentation (TEST-NET-3)",
            "224.0.0.0/4 multicast", "240.0.0.0/4 reserved", "255.255.255.255/32 limited broadcast");

    /** The only ranges --allow-lab accepts. */
    public static final List<String> LAB = List.of("192.0.2.0/24", "198.51.100.0/24", "203.0.113.0/24");

    private Reserved() {
    }

    /** {@link #BLOCKED} as ranges. */
    public static List<Cidr> blocked() {
        return BLOCKED.stream().map(s -> parse(s.substring(0, s.indexOf(' ')))).toList();
    }

    /** {@link #LAB} as ranges. */
    public static List<Cidr> lab() {
        return LAB.stream().map(Reserved::parse).toList();
    }

    private static Cidr parse(String text) {
        try {
            return Cidr.parse(text);
        } catch (Cidr.BadCidr e) {
            throw new IllegalStateException(e);
        }
    }
}
