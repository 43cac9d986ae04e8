package org.unveil.probe.evidence;

import java.util.List;

/**
 * One HTTP response as the extractors see it: status, headers (by name, as the HTTP client hands them over), the first bytes of the body
 * (bounded, so memory does not follow the pages' size), and when the request left and the response head arrived
 * (epoch nanoseconds, the local clock).
 */
public record Reply(int status, List<Header> headers, byte[] body, long sentNanos, long receivedNanos) {
    public Reply {
        headers = List.copyOf(headers);
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
