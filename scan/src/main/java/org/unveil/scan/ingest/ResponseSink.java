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
        accept(new Response(address, port, classification, success, repeat, ttl, window, seenMicros));
    }
}
