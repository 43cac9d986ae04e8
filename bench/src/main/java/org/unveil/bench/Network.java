package org.unveil.bench;

import java.util.ArrayList;
import java.util.List;
import org.unveil.generator.stack.Rng;

/**
 * The hosts a capture shows and how busy they are: the benchmark's large mixed site or the demo's small
 * one. Addresses are private (RFC 1918) or documentation ranges (RFC 5737, RFC 3849) only, names are under
 * the example domains (RFC 2606).
 */
final class Network {
    private static final String[] SERVER_NAMES = {
        "www.example.com", "static.example.net", "api.example.org", "cdn.example.com", "news.example.net",
        "shop.example.org", "login.example.com", "video.example.net", "mail.example.org", "updates.example.com",
    };
    /** The router the capture sees every server's frames come from. */
    private static final long GATEWAY_MAC = 0x001B_213A_4F01L;
    private static final long CLIENT_V6 = 0x2001_0DB8_0100_0000L;
    private static final long SERVER_V6 = 0x2001_0DB8_0005_0000L;

    final Host[] clients;
    final Host[] proxies;
    final Host[] servers;
    final Host resolver;
    /** Flows in progress at once: how finely their packets interleave. */
    final int concurrentFlows;
    final int largestObject;
    final int maxRounds;
    /** Percent of flows a reverse proxy starts. */
    final int proxyShare;
    /** Cumulative percentages of new flows that are TLS, HTTP, DNS and QUIC; the rest are pings. */
    final int[] mix;

    private Network(List<Host> clients, List<Host> proxies, Host[] servers, Host resolver, int concurrentFlows,
            int largestObject, int maxRounds, int proxyShare, int[] mix) {
        this.clients = clients.toArray(Host[]::new);
        this.proxies = proxies.toArray(Host[]::new);
        this.servers = servers;
        this.resolver = resolver;
        this.concurrentFlows = concurrentFlows;
        this.largestObject = largestObject;
        this.maxRounds = maxRounds;
        this.proxyShare = proxyShare;
        this.mix = mix;
    }

    /** A campus: three LANs (one on VLAN 20), two NATed sites, four reverse proxies on VLAN 30. */
    static Network bench(Rng rng) {
        List<Host> clients = new ArrayList<>();
        for (int i = 0; i < 160; i++) {
            Host.Builder b = client(rng, Browser.draw(rng)).ipv4(10, 1, i / 200, 10 + i % 200);
            if (rng.percent(30)) {
                b.ipv6(CLIENT_V6, rng.nextLong() & 0xFDFF_FFFF_FFFF_FFFFL); // a random (privacy) interface id
            }
            clients.add(b.build());
        }
        for (int i = 0; i < 60; i++) {
            clients.add(client(rng, Browser.draw(rng)).ipv4(172, 16, 5, 20 + i).vlan(20).build());
        }
        for (int i = 0; i < 40; i++) {
            clients.add(client(rng, Browser.draw(rng)).ipv4(192, 168, 1, 100 + i).build());
        }
        natSite(rng, clients, 8, 203, 0, 113, 10, 0x2C30_3351_0A01L);
        natSite(rng, clients, 5, 198, 51, 100, 77, 0x2C30_3351_0A02L);
        List<Host> proxies = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            proxies.add(Host.builder(rng, OsProfile.LINUX).mac(0x5254_0012_3400L + i).ipv4(10, 20, 0, 11 + i)
                    .vlan(30).proxy().build());
        }
        return new Network(clients, proxies, servers(rng, SERVER_NAMES.length), resolver(rng), 64, 2_000_000, 8, 8,
                new int[] {38, 60, 86, 95});
    }

    /**
     * The back side of a load balancer: four balancer nodes (untagged, Linux, TCP timestamps) keep connections
     * to four back ends and relay requests over them; the users are named in X-Forwarded-For only.
     */
    static Network balancer(Rng rng) {
        List<Host> nodes = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            nodes.add(Host.builder(rng, OsProfile.LINUX).mac(0x5254_0012_3500L + i).ipv4(10, 20, 0, 21 + i).proxy()
                    .build());
        }
        return new Network(List.of(), nodes, servers(rng, 4), resolver(rng), 64, 0, 170, 100, new int[4]);
    }

    /** A handful of browsers behind one public-looking address, a proxy relaying others, one dual-stack host. */
    static Network demo(Rng rng) {
        List<Host> clients = new ArrayList<>();
        Browser[] behindNat = {
            Browser.CHROME_WINDOWS, Browser.EDGE_WINDOWS, Browser.SAFARI_MAC, Browser.FIREFOX_LINUX,
            Browser.CHROME_ANDROID,
        };
        for (Browser browser : behindNat) {
            clients.add(client(rng, browser).mac(0x2C30_3351_0A01L).ipv4(203, 0, 113, 10).hops(1).build());
        }
        clients.add(client(rng, Browser.FIREFOX_WINDOWS).ipv4(198, 51, 100, 33).ipv6(CLIENT_V6, 0x33).vlan(10)
                .build());
        List<Host> proxies = List.of(Host.builder(rng, OsProfile.LINUX).mac(0x5254_0012_3400L)
                .ipv4(198, 51, 100, 20).proxy().build());
        return new Network(clients, proxies, servers(rng, 4), resolver(rng), 4, 12_000, 2, 15,
                new int[] {40, 75, 90, 95});
    }

    private static Host.Builder client(Rng rng, Browser browser) {
        long oui = switch (browser.os) {
            case WINDOWS, LINUX -> 0x3CA9F4L; // Intel
            case MACOS -> 0xF01898L; // Apple
            case ANDROID, SERVER -> 0x5C0A5BL; // Samsung
        };
        return Host.builder(rng, browser.os).browser(browser).mac((oui << 24) | rng.nextInt(1 << 24));
    }

    /** Hosts behind a NAT: the capture sees the gateway's address and MAC, and TTLs one lower. */
    private static void natSite(Rng rng, List<Host> clients, int hosts, int a, int b, int c, int d, long mac) {
        for (int i = 0; i < hosts; i++) {
            clients.add(client(rng, Browser.draw(rng)).mac(mac).ipv4(a, b, c, d).hops(1).build());
        }
    }

    private static Host[] servers(Rng rng, int count) {
        Host[] servers = new Host[count];
        for (int i = 0; i < count; i++) {
            Host.Builder b = Host.builder(rng, OsProfile.SERVER).mac(GATEWAY_MAC).name(SERVER_NAMES[i])
                    .hops(rng.between(6, 18));
            if (i < 6) {
                b.ipv4(192, 0, 2, 10 + i);
            } else if (i < 8) {
                b.ipv4(198, 51, 100, 200 + i);
            } else {
                b.ipv4(203, 0, 113, 200 + i);
            }
            if (i % 5 < 3) {
                b.ipv6(SERVER_V6, 0x10 + i);
            }
            servers[i] = b.build();
        }
        return servers;
    }

    private static Host resolver(Rng rng) {
        return Host.builder(rng, OsProfile.SERVER).mac(GATEWAY_MAC).ipv4(192, 0, 2, 53).hops(3)
                .ipv6(0x2001_0DB8_0053_0000L, 0x53).build();
    }
}
