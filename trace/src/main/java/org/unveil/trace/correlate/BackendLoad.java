package org.unveil.trace.correlate;

/**
 * What one back-end server handled in the back capture.
 *
 * @param clients  distinct client addresses whose paired requests it served
 * @param requests requests it received (paired or not)
 * @param bytes    TCP payload bytes of its connections, both directions
 * @param share    its fraction of all back-end requests
 */
public record BackendLoad(String backend, int port, int clients, int requests, long bytes, double share) {
}
