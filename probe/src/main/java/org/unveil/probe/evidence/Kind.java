package org.unveil.probe.evidence;

/**
 * What sort of evidence an item is, strongest first: the order in which the estimate picks the evidence that names
 * a response's back-end.
 */
public enum Kind {
    /** A header whose purpose is naming the server (X-Backend, X-Served-By, --id-header). */
    ID_HEADER("id-header", true, true),
    /** A server id found in the body by --id-regex. */
    BODY_ID("body-id", true, true),
    /** An affinity cookie of a known balancer, decoded (F5 BIG-IP, HAProxy SERVERID, a JSESSIONID route). */
    AFFINITY_COOKIE("affinity-cookie", true, true),
    /** Any other cookie: an id only if its values repeat and are few, a session if they never repeat. */
    COOKIE("cookie", false, true),
    /** The ETag's inode or modification time: differs between servers that got the same file separately. */
    ETAG("etag", false, true),
    /** The set of header names and the Server banner: differs between back-ends configured or built apart. */
    HEADER_SET("header-set", false, true),
    /** The TLS certificate, protocol and cipher: differ between back-ends that each terminate TLS. */
    TLS("tls", false, true),
    /**
     * The SYN-ACK that opened the response's connection (TTL, window, options; {@code --tcp}): differs between
     * back-end stacks a balancer passes through (DNAT) and is one for a balancer that terminates TCP.
     */
    TCP("tcp", false, true),
    /**
     * The SYN-ACK's TCP timestamp less the time it came, in ticks of 1 ms: one offset for all connections of a stack
     * whose clock is per host, a new one per connection where the kernel draws it so (Linux since 4.10); linked
     * into groups by the estimate, which the data then shows usable or per request.
     */
    TCP_CLOCK("tcp-clock", false, true),
    /** The Date header's offset from our clock: a range per response, narrowed per back-end, never an id alone. */
    CLOCK("clock", false, false);

    private final String label;
    private final boolean trusted;
    private final boolean identifies;

    Kind(String label, boolean trusted, boolean identifies) {
        this.label = label;
        this.trusted = trusted;
        this.identifies = identifies;
    }

    /** The name in reports. */
    public String label() {
        return label;
    }

    /** Names a server by design, so one sighting counts; the others must first show they behave like an id. */
    public boolean trusted() {
        return trusted;
    }

    /** Can tell back-ends apart by its value (a clock range cannot: NTP makes every offset alike). */
    public boolean identifies() {
        return identifies;
    }
}
