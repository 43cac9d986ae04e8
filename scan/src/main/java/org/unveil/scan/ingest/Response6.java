package org.unveil.scan.ingest;

import org.unveil.scan.Ipv6;

/**
 * One response from an IPv6 address: {@link Response}'s fields with the address as its high and low 64 bits
 * (unsigned). zmap's IPv6 modules (3.x and later) and masscan write such lines.
 */
public record Response6(long addressHi, long addressLo, int port, String classification, boolean success,
        boolean repeat, int ttl, int window, long seenMicros, int tcpOptions) {
    /** The address as RFC 5952 text. */
    public String addressText() {
        return Ipv6.format(addressHi, addressLo);
    }
}
