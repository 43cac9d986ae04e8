package org.unveil.synth.traffic;

import org.unveil.generator.app.DnsWriter;
import org.unveil.generator.frame.Ascii;

/** A server the hosts talk to: its name, its stack, how far away it is and how many hops its packets cross. */
final class Server {
    final String name;
    final byte[] nameBytes;
    final byte[] dnsName;
    final Endpoint endpoint;
    final long halfRttNanos;
    final int ttl;

    Server(String name, Endpoint endpoint, long rttNanos, int hops) {
        this.name = name;
        this.nameBytes = Ascii.bytes(name);
        this.dnsName = DnsWriter.labels(name);
        this.endpoint = endpoint;
        this.halfRttNanos = rttNanos / 2;
        this.ttl = endpoint.profile.syn().ttl() - hops;
    }
}
