package org.unveil.scan.ingest;

/** Where read responses go (the store, a test's list). */
@FunctionalInterface
public interface ResponseSink {
    /** Takes one response. */
    void accept(Response response);

    /**
     * Takes one response as its fields: what the csv reader calls, so that a sink that stores them (the store's
     * writer overrides this) costs no object per line. By default it makes the record.
     */
    default void accept(int address, int port, String classification, boolean success, boolean repeat, int ttl,
            int window, long seenMicros) {
        accept(address, port, classification, success, repeat, ttl, window, seenMicros, TcpOptions.UNKNOWN);
    }

    /** The same with the SYN-ACK's TCP options packed as {@link TcpOptions} says: what zmap's csv reader calls. */
    default void accept(int address, int port, String classification, boolean success, boolean repeat, int ttl,
            int window, long seenMicros, int tcpOptions) {
        accept(new Response(address, port, classification, success, repeat, ttl, window, seenMicros, tcpOptions));
    }

    /**
     * Takes one response from an IPv6 address. By default the sink holds IPv4 only and refuses it with
     * {@link Ipv4Only}, which the reader counts as a bad line.
     */
    default void accept6(Response6 response) {
        throw new Ipv4Only();
    }

    /** A sink that keeps IPv4 results only was given an IPv6 one. */
    final class Ipv4Only extends RuntimeException {
        /** The refusal, without a stack trace: it becomes a bad-line message. */
        public Ipv4Only() {
            super("an IPv6 address, and this destination takes IPv4 results only", null, false, false);
        }
    }
}
