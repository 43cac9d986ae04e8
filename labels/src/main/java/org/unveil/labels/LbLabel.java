package org.unveil.labels;

import java.net.InetAddress;

/**
 * The truth about one request through a load balancer, from the proxy's own log: the client-side connection
 * (client → virtual address) and the back-end connection (proxy → back-end server) that carried it. One row of
 * a load-balancer label CSV.
 *
 * @param frontFirstMicros first packet of the client-side connection, microseconds since the epoch
 * @param backFirstMicros first packet of the back-end connection, microseconds since the epoch
 */
public record LbLabel(long frontFirstMicros, InetAddress client, int clientPort, InetAddress vip, int vipPort,
        long backFirstMicros, InetAddress proxy, int proxyPort, InetAddress backend, int backendPort) {
}
