package org.unveil.scan.ingest;

/**
 * One response a scanner recorded: who answered on which port and how. {@code ttl} and {@code window} are -1 where
 * the format does not carry them, {@code seenMicros} is -1 where it has no time; {@code port} is 0 for ICMP;
 * {@code tcpOptions} packed as {@link TcpOptions} says ({@link TcpOptions#UNKNOWN} where the file has none).
 */
public record Response(int address, int port, String classification, boolean success, boolean repeat, int ttl,
        int window, long seenMicros, int tcpOptions) {
    /** A response from a file without TCP options (zmap 2.1.1, masscan). */
    public Response(int address, int port, String classification, boolean success, boolean repeat, int ttl,
            int window, long seenMicros) {
        this(address, port, classification, success, repeat, ttl, window, seenMicros, TcpOptions.UNKNOWN);
    }
}
