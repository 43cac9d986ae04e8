package org.unveil.probe;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import org.unveil.probe.evidence.Header;
import org.unveil.probe.evidence.Reply;

/**
 * Sends the probe's GET requests to one target with the JDK's HTTP client: to the target's address, with the
 * URL's host in Host (and in TLS SNI and the certificate check), an honest User-Agent, redirects not followed.
 * Without keep-alive every request gets a client, and so a connection, of its own.
 */
final class Fetcher implements AutoCloseable {
    /** Says who is asking and why, so an operator reading logs knows. */
    static final String USER_AGENT = "Unveil-probe/0.1 (counts the servers behind a load balancer; only URLs its"
            + " user named)";
    /** Enough of a page for an id in its footer, without holding big downloads. */
    static final int BODY_LIMIT = 64 * 1024;

    static {
        // The JDK client sends its own Host unless told it may be set; set before its first use in this JVM.
        String allowed = System.getProperty("jdk.httpclient.allowRestrictedHeaders");
        if (allowed == null || !allowed.toLowerCase(java.util.Locale.ROOT).contains("host")) {
            System.setProperty("jdk.httpclient.allowRestrictedHeaders", allowed == null ? "host" : allowed + ",host");
        }
    }

    private final ProbeOptions options;
    private final Target target;
    private final URI uri;
    private final String host;
    private final SSLContext tls;
    private final HttpClient shared;

    Fetcher(ProbeOptions options, Target target) throws GeneralSecurityException {
        this.options = options;
        this.target = target;
        URI u = target.url();
        try {
            this.uri = new URI(u.getScheme(), u.getRawUserInfo(), target.address().getHostAddress(), u.getPort(),
                    u.getPath().isEmpty() ? "/" : u.getPath(), u.getQuery(), null);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException(e);
        }
        this.host = u.getPort() < 0 ? u.getHost() : u.getHost() + ":" + u.getPort();
        this.tls = u.getScheme().equalsIgnoreCase("https") ? HostTrust.context(u.getHost()) : null;
        this.shared = options.keepAlive() ? client() : null;
    }

    private HttpClient client() {
        HttpClient.Builder b = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(options.timeout())
                // plain HTTP/1.1 unless TLS offers h2 by ALPN: an h2c upgrade would add a header servers may refuse
                .version(tls == null ? HttpClient.Version.HTTP_1_1 : HttpClient.Version.HTTP_2);
        if (target.source() != null) {
            b.localAddress(target.source());
        }
        if (tls != null) {
            SSLParameters p = tls.getDefaultSSLParameters();
            p.setServerNames(List.of(new SNIHostName(target.url().getHost())));
            b.sslContext(tls).sslParameters(p);
        }
        return b.build();
    }

    /** One GET, the response head and the first {@link #BODY_LIMIT} bytes of the body. */
    Reply fetch() throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(options.timeout()).GET()
                .header("Host", host).header("User-Agent", USER_AGENT).build();
        HttpClient client = shared != null ? shared : client();
        try {
            long sent = now();
            HttpResponse<InputStream> r = client.send(request, HttpResponse.BodyHandlers.ofInputStream());
            long received = now();
            byte[] body;
            try (InputStream in = r.body()) {
                body = in.readNBytes(BODY_LIMIT);
            }
            return new Reply(r.statusCode(), headers(r.headers().map()), body, sent, received);
        } finally {
            if (shared == null) {
                client.close();
            }
        }
    }

    private static long now() {
        java.time.Instant t = java.time.Instant.now();
        return t.getEpochSecond() * 1_000_000_000L + t.getNano();
    }

    private static List<Header> headers(Map<String, List<String>> map) {
        List<Header> out = new ArrayList<>();
        map.forEach((name, values) -> {
            if (!name.startsWith(":")) { // HTTP/2 pseudo-headers
                values.forEach(v -> out.add(new Header(name, v)));
            }
        });
        return out;
    }

    @Override
    public void close() {
        if (shared != null) {
            shared.close();
        }
    }
}
