package org.unveil.synth.traffic;

import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;
import org.unveil.synth.model.HostProfile;
import org.unveil.generator.stack.IpidModel;
import org.unveil.synth.model.Ipv4;
import org.unveil.synth.model.OsFamily;

/**
 * The servers of every synthetic capture, at documentation addresses (RFC 5737): mostly Linux, as the web is,
 * plus an IIS, a FreeBSD, an old Linux with a global counter and one that sends IPID 0, so server-side packets
 * carry every kind of IPID and clock a detector must not mistake for a client's. The last one is the resolver.
 */
public final class Servers {
    /** Server names, most popular first; the resolver follows them. */
    public static final List<String> NAMES = List.of("www.example.com", "cdn.example.net", "api.example.org",
            "mail.example.com", "static.example.net", "video.example.org", "news.example.com", "shop.example.net",
            "intranet.example.org", "legacy.example.com");
    private static final String[] ADDRESSES = {"198.51.100.10", "198.51.100.20", "198.51.100.30", "198.51.100.40",
        "203.0.113.10", "203.0.113.20", "203.0.113.30", "203.0.113.40", "203.0.113.50", "203.0.113.60",
        "198.51.100.53"};
    private static final OsFamily[] STACKS = {OsFamily.LINUX, OsFamily.LINUX, OsFamily.LINUX, OsFamily.WINDOWS,
        OsFamily.LINUX, OsFamily.FREEBSD, OsFamily.LINUX, OsFamily.LINUX, OsFamily.WINDOWS_TS, OsFamily.LINUX_OLD,
        OsFamily.LINUX};
    private static final String[] PRODUCTS = {"nginx/1.24.0", "cloudflare", "envoy", "Microsoft-IIS/10.0",
        "Apache/2.4.58 (Debian)", "nginx", "nginx/1.18.0 (Ubuntu)", "Apache", "Microsoft-IIS/8.5",
        "Apache/2.2.15 (CentOS)", "Unbound"};

    private Servers() {
    }

    /** The servers' profiles, then the resolver's; the same generator state gives the same profiles. */
    static List<HostProfile> profiles(RandomGenerator rng) {
        List<HostProfile> out = new ArrayList<>();
        for (int i = 0; i < ADDRESSES.length; i++) {
            HostProfile p = STACKS[i].host(Ipv4.parse(ADDRESSES[i]), rng);
            p = new HostProfile("server-" + p.family(), p.address(), p.ipid(), p.clock(), p.syn(), p.ports(),
                    PRODUCTS[i], p.tls(), p.secret());
            out.add(i == 6 ? p.withIpid(new IpidModel.Zero()) : p);
        }
        return out;
    }

    /** Round-trip time from the capture point to server {@code i}: near ones and far ones. */
    static long rttNanos(int i) {
        return (4 + (i * 37L) % 140) * 1_000_000L;
    }

    /** Routers between server {@code i} and the capture point. */
    static int hops(int i) {
        return 6 + (i * 5) % 14;
    }
}
