package org.unveil.bench;

import org.unveil.generator.app.TlsClientHelloWriter;
import org.unveil.generator.frame.FrameWriter;
import org.unveil.generator.stack.PortAllocator;
import org.unveil.generator.stack.Rng;

/**
 * Interleaves flows as a busy link does: a fixed number are in progress, each packet comes from one of them
 * at random, and a flow that ends is replaced by a new one. Keeps the virtual clock, which advances about
 * 10 microseconds a packet (100,000 packets a second). Every object is made up front and reused.
 */
final class TrafficMix implements Traffic {
    /** 2025-03-14 09:00:00 UTC: a fixed start, so one seed gives the same file on any day. */
    static final long START_SECONDS = 1_741_942_800L;

    private final Network network;
    private final Rng rng;
    private final TcpConversation[] tcp;
    private final HttpExchange[] http;
    private final TlsExchange[] tls;
    private final DnsExchange[] dns;
    private final QuicFlow[] quic;
    private final PingExchange[] ping;
    private final Flow[] active;
    private long elapsedNanos;

    TrafficMix(Network network, Rng rng) {
        this.network = network;
        this.rng = rng;
        Content content = new Content(rng);
        HttpDate date = new HttpDate(START_SECONDS);
        TlsClientHelloWriter[] hellos = new TlsClientHelloWriter[Browser.values().length];
        for (Browser browser : Browser.values()) {
            hellos[browser.ordinal()] = new TlsClientHelloWriter(browser.tls);
        }
        int n = network.concurrentFlows;
        tcp = new TcpConversation[n];
        http = new HttpExchange[n];
        tls = new TlsExchange[n];
        dns = new DnsExchange[n];
        quic = new QuicFlow[n];
        ping = new PingExchange[n];
        active = new Flow[n];
        for (int i = 0; i < n; i++) {
            tcp[i] = new TcpConversation(rng);
            http[i] = new HttpExchange(rng, content, date);
            tls[i] = new TlsExchange(rng, content, hellos);
            dns[i] = new DnsExchange(rng);
            quic[i] = new QuicFlow(rng, content);
            ping[i] = new PingExchange(rng, START_SECONDS);
            active[i] = create(i);
        }
    }

    @Override
    public long next(FrameWriter w) {
        elapsedNanos += rng.between(2_000, 18_000);
        int slot = rng.nextInt(active.length);
        if (!active[slot].emit(w, elapsedNanos)) {
            active[slot] = create(slot);
        }
        return START_SECONDS * 1_000_000_000L + elapsedNanos;
    }

    private Flow create(int slot) {
        if (rng.percent(network.proxyShare)) {
            return http(slot, rng.pick(network.proxies));
        }
        Host client = rng.pick(network.clients);
        int kind = rng.nextInt(100);
        int[] mix = network.mix;
        if (kind < mix[0]) {
            return tls(slot, client);
        } else if (kind < mix[1]) {
            return http(slot, client);
        } else if (kind < mix[2]) {
            return dns(slot, client);
        } else if (kind < mix[3]) {
            return quic(slot, client);
        }
        return ping(slot, client);
    }

    private Flow http(int slot, Host client) {
        Host server = rng.pick(network.servers);
        TcpConversation c = tcp[slot];
        c.bind(client, server, useIpv6(client, server), client.nextPort(rng), 80);
        http[slot].start(client, server, rng.between(1, network.maxRounds), network.largestObject);
        c.start(http[slot], rng.percent(70) ? 1 : 2);
        return c;
    }

    private Flow tls(int slot, Host client) {
        Host server = network.servers[rng.nextInt(network.servers.length)];
        TcpConversation c = tcp[slot];
        c.bind(client, server, useIpv6(client, server), client.nextPort(rng), 443);
        tls[slot].start(client, server, rng.between(1, network.maxRounds), network.largestObject);
        c.start(tls[slot], rng.percent(70) ? 1 : 2);
        return c;
    }

    private Flow dns(int slot, Host client) {
        Host name = rng.pick(network.servers);
        DnsExchange d = dns[slot];
        d.bind(client, network.resolver, useIpv6(client, network.resolver), PortAllocator.DNS_QUERY.next(0, rng), 53);
        d.start(name, name.hasIpv6() && rng.percent(50));
        return d;
    }

    private Flow quic(int slot, Host client) {
        Host server = rng.pick(network.servers);
        QuicFlow q = quic[slot];
        q.bind(client, server, useIpv6(client, server), client.nextPort(rng), 443);
        q.start(rng.between(6, network.maxRounds * 8));
        return q;
    }

    private Flow ping(int slot, Host client) {
        Host server = rng.pick(network.servers);
        PingExchange p = ping[slot];
        p.bind(client, server, useIpv6(client, server), 0, 0);
        p.start(rng.between(1, 4));
        return p;
    }

    private boolean useIpv6(Host client, Host server) {
        return client.hasIpv6() && server.hasIpv6() && rng.percent(60);
    }
}
