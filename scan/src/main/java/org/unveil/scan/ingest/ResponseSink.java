package org.unveil.scan.ingest;

/** Where read responses go (the store, a test's list). */
@FunctionalInterface
public interface ResponseSink {
    /** Takes one response. */
    void accept(Response response);
}
