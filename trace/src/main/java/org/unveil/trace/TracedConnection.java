package org.unveil.trace;

/**
 * One connection that matched a trace query: its 5-tuple oriented client → server, when it was seen, how
 * much it carried in both directions, and the header line (or payload line) that matched, if any.
 */
public record TracedConnection(int protocol, String client, int clientPort, String server, int serverPort,
        long firstNanos, long lastNanos, long packets, long bytes, String matchedLine) {
}
