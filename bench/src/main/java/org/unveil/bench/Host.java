package org.unveil.bench;

import org.unveil.generator.app.DnsWriter;
import org.unveil.generator.frame.Ascii;
import org.unveil.generator.stack.IpidCounters;
import org.unveil.generator.stack.Rng;
import org.unveil.generator.stack.TcpClockModel;

/**
 * One machine as the capture sees it: the addresses and MAC on the wire (a NATed client shows its
 * gateway's), the TTL left when its packets pass the capture point, its stack and its clocks.
 */
final class Host {
    final OsProfile os;
    final long mac;
    final int ipv4;
    final long ipv6High;
    final long ipv6Low;
    final int ttl;
    /** 802.1Q VLAN of the host's frames, or -1 for untagged. */
    final int vlan;
    /** The browser of a client; null for servers. */
    final Browser browser;
    /** A reverse proxy relays many users' requests, naming them in X-Forwarded-For. */
    final boolean proxy;
    /** A server's DNS name (Host header, SNI, DNS question); null for clients. */
    final String name;
    final byte[] nameAscii;
    /** The name in DNS wire format (RFC 1035 section 3.1): length-prefixed labels. */
    final byte[] nameWire;
    private final long clockBase;
    private final TcpClockModel clock;
    /** The host-wide IPID counter, for stacks that keep one. */
    final IpidCounters ipids;
    private int nextPort;

    private Host(Builder b) {
        this.os = b.os;
        this.mac = b.mac;
        this.ipv4 = b.ipv4;
        this.ipv6High = b.ipv6High;
        this.ipv6Low = b.ipv6Low;
        this.ttl = b.os.syn.ttl() - b.hops;
        this.vlan = b.vlan;
        this.browser = b.browser;
        this.proxy = b.proxy;
        this.name = b.name;
        this.nameAscii = b.name == null ? null : Ascii.bytes(b.name);
        this.nameWire = b.name == null ? null : DnsWriter.labels(b.name);
        this.clockBase = b.rng.nextU32();
        this.clock = new TcpClockModel(1000, b.rng.between(-60, 60), TcpClockModel.Offset.PER_HOST, 0, new long[0]);
        this.ipids = new IpidCounters(b.rng.nextInt(65536), new int[0]);
        this.nextPort = b.os.ports.first(b.rng);
    }

    static Builder builder(Rng rng, OsProfile os) {
        return new Builder(rng, os);
    }

    boolean hasIpv6() {
        return ipv6High != 0;
    }

    /** TCP TSval at {@code elapsedNanos} into the capture: a 1 kHz clock with this host's own skew (whole ppm). */
    long tsval(long elapsedNanos) {
        return (clockBase + clock.ticks(elapsedNanos)) & 0xFFFF_FFFFL;
    }

    /** An ephemeral source port, by the stack's allocator: in sequence on Windows, spread elsewhere. */
    int nextPort(Rng rng) {
        int port = nextPort;
        nextPort = os.ports.next(port, rng);
        return port;
    }

    /** Collects a host's traits; everything not given has a plain default. */
    static final class Builder {
        private final Rng rng;
        private final OsProfile os;
        private long mac;
        private int ipv4;
        private long ipv6High;
        private long ipv6Low;
        private int hops;
        private int vlan = -1;
        private Browser browser;
        private boolean proxy;
        private String name;

        private Builder(Rng rng, OsProfile os) {
            this.rng = rng;
            this.os = os;
        }

        Builder mac(long value) {
            mac = value;
            return this;
        }

        Builder ipv4(int a, int b, int c, int d) {
            ipv4 = (a << 24) | (b << 16) | (c << 8) | d;
            return this;
        }

        Builder ipv6(long high, long low) {
            ipv6High = high;
            ipv6Low = low;
            return this;
        }

        /** Routers between the host and the capture point, each taking one from the TTL. */
        Builder hops(int value) {
            hops = value;
            return this;
        }

        Builder vlan(int value) {
            vlan = value;
            return this;
        }

        Builder browser(Browser value) {
            browser = value;
            return this;
        }

        Builder proxy() {
            proxy = true;
            return this;
        }

        Builder name(String value) {
            name = value;
            return this;
        }

        Host build() {
            return new Host(this);
        }
    }
}
