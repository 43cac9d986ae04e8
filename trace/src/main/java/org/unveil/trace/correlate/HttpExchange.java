package org.unveil.trace.correlate;

import java.util.List;
import java.util.Map;

/**
 * One HTTP request on a connection and the response to it, as seen in one capture.
 *
 * @param index        0-based position of the request on its connection
 * @param requestNanos time of the request head's first segment
 * @param headers      the request's header fields, names in lower case, first occurrence of each
 * @param forwardedFor the client chain of X-Forwarded-For, else of Forwarded: for= (empty when neither)
 * @param requestBody  request bytes after the head (up to the next request)
 * @param responseNanos time of the response head's first segment, or -1 without a response
 * @param status       response status, or -1
 * @param responseBody response bytes after its head, or -1 without a response
 * @param responseEndNanos time of the response's last new byte, or -1
 */
public record HttpExchange(TcpConnection connection, int index, long requestNanos, String method, String uri,
        Map<String, String> headers, List<String> forwardedFor, long requestBody, long responseNanos, int status,
        long responseBody, long responseEndNanos, Map<String, String> responseHeaders) {

    public boolean answered() {
        return responseNanos >= 0;
    }

    /** A response header (lower-case name), or null. */
    public String responseHeader(String name) {
        return responseHeaders.get(name);
    }
}
