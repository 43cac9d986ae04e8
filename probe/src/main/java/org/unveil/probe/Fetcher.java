package org.unveil.probe;

import java.io.IOException;
import java.net.URI;
import java.security.GeneralSecurityException;
import java.util.concurrent.ConcurrentLinkedDeque;
import javax.net.ssl.SSLContext;
import org.unveil.probe.evidence.Reply;

/**
 * Sends the probe's GET requests to one target over connections of its own: to the target's address, with the
 * URL's host in Host (and in TLS SNI and the certificate check), an honest User-Agent, redirects not followed.
 * Without keep-alive every request gets a connection of its own (so an L4 balancer chooses anew); with it, idle
 * connections are reused, one request at a time each.
 */
final class Fetcher implements AutoCloseable {
    /** Says who is asking and why, so an operator reading logs knows. */
    static final String USER_AGENT = "Unveil-probe/0.1 (counts the servers behind a load balancer; only URLs its"
            + " user named)";
    /** Enough of a page for an id in its footer, without holding big downloads. */
    static final int BODY_LIMIT = 64 * 1024;

    static {
        // Netty would reach for sun.misc.Unsafe, which makes this JDK print a warning on stderr; plain heap buffers
        // are all a parser of a few kilobytes needs. Set before any Netty class loads (Http1, Http2 come later).
        if (System.getProperty("io.netty.noUnsafe") == null) {
            System.setProperty("io.netty.noUnsafe", "true");
        }
    }

    private final ProbeOptions options;
    private final Target target;
    private final String path;
    private final String host;
    private final String scheme;
    private final SSLContext tls;
    private final ConcurrentLinkedDeque<Connection> idle = new ConcurrentLinkedDeque<>();

    Fetcher(ProbeOptions options, Target target) throws GeneralSecurityException {
        this.options = options;
        this.target = target;
        URI u = target.url();
        String p = u.getRawPath() == null || u.getRawPath().isEmpty() ? "/" : u.getRawPath();
        this.path = u.getRawQuery() == null ? p : p + "?" + u.getRawQuery();
        this.host = u.getPort() < 0 ? u.getHost() : u.getHost() + ":" + u.getPort();
        this.scheme = u.getScheme().toLowerCase(java.util.Locale.ROOT);
        this.tls = scheme.equals("https") ? HostTrust.context(u.getHost(), options.caCerts()) : null;
    }

    /** One GET, the response head and the first {@link #BODY_LIMIT} bytes of the body. */
    Reply fetch() throws IOException {
        return fetch(null);
    }

    /** The same with this Cookie header (null: none). */
    Reply fetch(String cookies) throws IOException {
        long deadline = System.nanoTime() + options.timeout().toNanos();
        Connection c = options.keepAlive() ? idle.pollFirst() : null;
        if (c == null) {
            c = Connection.open(target, options.http(), tls, options.tickets(), deadline);
        }
        boolean reuse = false;
        try {
            long sent = now();
            Response r = c.http2() ? c.h2().get(scheme, host, path, cookies, BODY_LIMIT, deadline)
                    : Http1.get(c, path, host, cookies, options.keepAlive(), BODY_LIMIT, deadline);
            reuse = options.keepAlive() && r.reusable();
            return new Reply(r.status(), r.headers(), r.body(), sent, r.receivedNanos(),
                    c.http2() ? "HTTP/2" : "HTTP/1.1", c.localPort(), c.tls());
        } finally {
            if (reuse) {
                idle.addFirst(c);
            } else {
                c.close();
            }
        }
    }

    static long now() {
        java.time.Instant t = java.time.Instant.now();
        return t.getEpochSecond() * 1_000_000_000L + t.getNano();
    }

    @Override
    public void close() {
        for (Connection c; (c = idle.pollFirst()) != null; ) {
            c.close();
        }
    }
}
