package org.unveil.synth.traffic;

import org.unveil.generator.stack.Distributions;

/**
 * When a host opens its connections: a Poisson process of sessions, each to one server (popular ones more
 * often), HTTPS three times in four, a DNS lookup first one time in three.
 */
final class HostActivity extends Event {
    private static final long DNS_GAP = 2_000_000;
    private final Endpoint host;
    private final double meanGapNanos;
    private final long end;

    HostActivity(Endpoint host, long first, double connectionsPerSecond, long end) {
        this.host = host;
        this.time = first;
        this.meanGapNanos = 1e9 / connectionsPerSecond;
        this.end = end;
    }

    @Override
    boolean fire(SyntheticCapture g) {
        var rng = g.rng;
        double u = rng.nextDouble();
        Server server = g.servers.get((int) (u * u * g.servers.size()));
        boolean tls = rng.nextInt(4) != 0;
        long start = time;
        if (rng.nextInt(3) == 0) {
            g.start(g.dns(host, server), time);
            start += 2 * g.resolver.halfRttNanos + DNS_GAP;
        }
        g.start(g.tcp(host, server, tls), start);
        time += Math.max(1_000L, (long) Distributions.exponential(rng, meanGapNanos));
        return time <= end;
    }
}
