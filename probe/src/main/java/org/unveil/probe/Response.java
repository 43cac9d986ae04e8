package org.unveil.probe;

import java.util.List;
import org.unveil.probe.evidence.Header;

/**
 * One response as read off a connection: status, headers in wire order, the first bytes of the body, when its head
 * arrived (epoch nanoseconds) and whether the connection may carry another request.
 */
record Response(int status, List<Header> headers, byte[] body, long receivedNanos, boolean reusable) {
}
