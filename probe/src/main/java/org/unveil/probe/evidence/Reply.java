package org.unveil.probe.evidence;

import java.util.List;

/**
 * One HTTP response as the extractors see it: status, headers in the order they came on the wire, the first bytes
 * of the body (bounded, so memory does not follow the pages' size), when the request left and the response head
 * arrived (epoch nanoseconds, the local clock), the protocol ("HTTP/1.1", "HTTP/2"), the connection's local port
 * (0 if not known) and its TLS handshake (null over plain TCP).
 */
public record Reply(int status, List<Header> headers, byte[] body, long sentNanos, long receivedNanos, String protocol,
                    int localPort, Tls tls) {
    public Reply {
        headers = List.copyOf(headers);
    }

    /** An HTTP/1.1 response over plain TCP from an unknown port. */
    public Reply(int status, List<Header> headers, byte[] body, long sentNanos, long receivedNanos) {
        this(status, headers, body, sentNanos, receivedNanos, "HTTP/1.1", 0, null);
    }

    /** The values of every header of this name, any case, in order. */
    public List<String> values(String name) {
        return headers.stream().filter(h -> h.name().equalsIgnoreCase(name)).map(Header::value).toList();
    }

    /** The first value of this header, or null. */
    public String first(String name) {
        for (Header h : headers) {
            if (h.name().equalsIgnoreCase(name)) {
                return h.value();
            }
        }
        return null;
    }
}
