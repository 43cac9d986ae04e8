package org.unveil.trace.correlate;

/**
 * A client connection and a back-end connection that carried at least one request pair.
 *
 * @param evidence   the weakest evidence among those pairs
 * @param confidence the lowest confidence among those pairs
 */
public record ConnectionPair(TcpConnection front, TcpConnection back, int requests, Evidence evidence,
        double confidence) {
}
