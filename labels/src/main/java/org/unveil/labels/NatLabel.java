package org.unveil.labels;

import java.net.InetAddress;

/**
 * The truth about one public-side flow behind a NAT: the flow as seen outside (client → server) and the
 * inside host that really sent it. One row of a NAT label CSV.
 *
 * @param firstMicros time of the flow's first public-side packet, microseconds since the epoch
 * @param proto IP protocol number (6 TCP, 17 UDP, …)
 */
public record NatLabel(long firstMicros, int proto, InetAddress src, int sport, InetAddress dst, int dport,
        InetAddress host) {
}
