package org.unveil.probe.evidence;

import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * F5 BIG-IP's persistence cookie (BIGipServerPOOL): the pool member's address and port, in each of its encodings:
 * IPv4 as little-endian decimals, IPv6 ("vi" + hex), either inside a route domain ("rdN o hex o port").
 */
public final class BigIpCookie implements Extractor {
    private static final Pattern IPV4 = Pattern.compile("(\\d{1,10})\\.(\\d{1,5})\\.\\d{4}");
    private static final Pattern IPV6 = Pattern.compile("vi([0-9a-fA-F]{32})\\.(\\d{1,5})");
    private static final Pattern ROUTE_DOMAIN = Pattern.compile("rd(\\d+)o([0-9a-fA-F]{32})o(\\d{1,5})");

    @Override
    public String name() {
        return "bigip-cookie";
    }

    @Override
    public void extract(Reply reply, List<Evidence> out) {
        for (Cookies.Cookie c : Cookies.of(reply)) {
            if (c.name().toLowerCase(Locale.ROOT).startsWith("bigipserver")) {
                String member = decode(c.value());
                if (member != null) {
                    out.add(Evidence.of(Kind.AFFINITY_COOKIE, "cookie " + c.name(), member,
                            "F5 BIG-IP cookie " + c.name() + "=" + c.value() + " names pool member " + member));
                }
            }
        }
    }

    /** The pool member as ADDRESS:PORT (with "%N" for a route domain), or null if the value is no known form. */
    static String decode(String value) {
        Matcher m = IPV4.matcher(value);
        if (m.matches()) {
            long a = Long.parseLong(m.group(1));
            int port = Integer.parseInt(m.group(2));
            if (a > 0xFFFF_FFFFL || port > 0xFFFF) {
                return null;
            }
            // both numbers are the network-order bytes read as a little-endian integer
            return (a & 0xFF) + "." + (a >> 8 & 0xFF) + "." + (a >> 16 & 0xFF) + "." + (a >> 24 & 0xFF) + ":"
                    + ((port & 0xFF) << 8 | port >> 8);
        }
        m = IPV6.matcher(value);
        if (m.matches()) {
            int port = Integer.parseInt(m.group(2));
            return port > 0xFFFF ? null : "[" + ipv6(m.group(1)) + "]:" + ((port & 0xFF) << 8 | port >> 8);
        }
        m = ROUTE_DOMAIN.matcher(value);
        if (m.matches()) {
            String hex = m.group(2).toLowerCase(Locale.ROOT);
            // route-domain values carry the port in plain decimal and IPv4 as an IPv4-mapped IPv6 address
            String address = hex.startsWith("00000000000000000000ffff") ? ipv4(hex.substring(24)) : "[" + ipv6(hex) + "]";
            return address + "%" + m.group(1) + ":" + Integer.parseInt(m.group(3));
        }
        return null;
    }

    private static String ipv4(String hex) {
        long a = Long.parseLong(hex, 16);
        return (a >> 24 & 0xFF) + "." + (a >> 16 & 0xFF) + "." + (a >> 8 & 0xFF) + "." + (a & 0xFF);
    }

    private static String ipv6(String hex) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < 32; i += 4) {
            s.append(i == 0 ? "" : ":").append(Integer.toHexString(Integer.parseInt(hex.substring(i, i + 4), 16)));
        }
        return s.toString();
    }
}
