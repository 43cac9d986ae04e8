package org.unveil.bench;

import org.unveil.generator.app.HttpWriter;
import org.unveil.generator.frame.Ascii;
import org.unveil.generator.stack.Distributions;
import org.unveil.generator.stack.Rng;

/**
 * HTTP/1.1 on port 80: keep-alive rounds of a GET and its response. A browser sends its own User-Agent; a
 * reverse proxy relays other people's requests, with their User-Agents and an X-Forwarded-For naming them.
 */
final class HttpExchange extends HeadTailApplication {
    /** A resource: path, Content-Type and the range of its size; a document is what a browser navigates to. */
    private record Page(byte[] path, byte[] type, boolean document, int minSize, int maxSize) {
        Page(String path, String type, int minSize, int maxSize) {
            this(Ascii.bytes(path), Ascii.bytes(type), type.startsWith("text/html"), minSize, maxSize);
        }
    }

    private static final Page[] PAGES = {
        new Page("/", "text/html; charset=utf-8", 3_000, 60_000),
        new Page("/index.html", "text/html; charset=utf-8", 3_000, 60_000),
        new Page("/news/2025/03/network-address-translation.html", "text/html; charset=utf-8", 8_000, 90_000),
        new Page("/search?q=load+balancer&page=2", "text/html; charset=utf-8", 2_000, 40_000),
        new Page("/static/css/main.3f2a1c.css", "text/css", 1_000, 40_000),
        new Page("/static/js/app.8d1e2b.js", "application/javascript", 2_000, 120_000),
        new Page("/static/js/vendor.51c0aa.js", "application/javascript", 20_000, 400_000),
        new Page("/api/v1/status.txt", "text/plain; charset=utf-8", 40, 800),
        new Page("/api/v1/session.txt", "text/plain; charset=utf-8", 100, 3_000),
        new Page("/robots.txt", "text/plain", 60, 400),
        new Page("/downloads/release-notes.txt", "text/plain; charset=utf-8", 2_000, 300_000),
    };
    private static final byte[][] SERVERS = {
        Ascii.bytes("nginx/1.24.0"), Ascii.bytes("Apache/2.4.62 (Debian)"), Ascii.bytes("nginx"),
        Ascii.bytes("Caddy"),
    };
    private static final byte[] NOT_FOUND_BODY = Ascii.bytes(
            "<html>\r\n<head><title>404 Not Found</title></head>\r\n<body>\r\n<center><h1>404 Not Found</h1>"
            + "</center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n");
    private static final byte[] ACCEPT_HTML = Ascii.bytes("\r\nAccept: text/html,application/xhtml+xml,"
            + "application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8\r\nAccept-Language: en-US,en;q=0.9\r\n"
            + "Accept-Encoding: gzip, deflate\r\n");
    private static final byte[] ACCEPT_ANY = Ascii.bytes("\r\nAccept: */*\r\nAccept-Language: en-US,en;q=0.5\r\n"
            + "Accept-Encoding: gzip, deflate\r\nReferer: http://");
    private static final byte[] REFERER_END = Ascii.bytes("/\r\n");
    private static final byte[] FORWARDED_FOR = Ascii.bytes("X-Forwarded-For: ");
    private static final byte[] FORWARDED_TAIL = Ascii.bytes("\r\nX-Forwarded-Proto: https\r\nVia: 1.1 edge-proxy\r\n");
    private static final byte[] KEEP_ALIVE = Ascii.bytes("Connection: keep-alive\r\n\r\n");
    private static final byte[] NOT_MODIFIED = Ascii.bytes("HTTP/1.1 304 Not Modified\r\nServer: ");
    private static final byte[] NOT_FOUND = Ascii.bytes("HTTP/1.1 404 Not Found\r\nServer: ");
    private static final byte[] DATE = Ascii.bytes("\r\nDate: ");
    private static final byte[] CONTENT_TYPE = Ascii.bytes("\r\nContent-Type: ");
    private static final byte[] CONTENT_LENGTH = Ascii.bytes("\r\nContent-Length: ");
    private static final byte[] CACHE = Ascii.bytes("\r\nCache-Control: max-age=3600\r\nETag: \"");
    private static final byte[] RESPONSE_END = Ascii.bytes("\"\r\nConnection: keep-alive\r\n\r\n");

    private final Rng rng;
    private final Content content;
    private final HttpDate date;
    /** Balancer-to-back-end requests: only Host, User-Agent and X-Forwarded-For, users drawn unevenly. */
    private final boolean compact;
    private Host client;
    private Host server;
    private int rounds;
    private int maxBody;
    private boolean requestNext;
    private Page page;
    private long bodyStart;
    private boolean bodyIsNotFound;

    HttpExchange(Rng rng, Content content, HttpDate date) {
        this(rng, content, date, false);
    }

    /** @param compact the short requests a load balancer relays to its back ends (see {@link BalancerMix}) */
    HttpExchange(Rng rng, Content content, HttpDate date, boolean compact) {
        this.rng = rng;
        this.content = content;
        this.date = date;
        this.compact = compact;
    }

    void start(Host from, Host to, int requests, int largestBody) {
        client = from;
        server = to;
        rounds = requests;
        maxBody = largestBody;
        requestNext = true;
    }

    @Override
    public boolean next(long elapsedNanos) {
        if (requestNext) {
            if (rounds == 0) {
                return false;
            }
            rounds--;
            request();
        } else {
            response(elapsedNanos);
        }
        requestNext = !requestNext;
        return true;
    }

    private void request() {
        fromClient = true;
        tailLength = 0;
        page = rng.pick(PAGES);
        if (compact) {
            compactRequest();
            return;
        }
        Browser browser = client.proxy ? Browser.any(rng) : client.browser;
        int at = HttpWriter.requestStart(head, 0, page.path, server.nameAscii, browser.userAgent);
        if (page.document) {
            at = Ascii.put(head, at, ACCEPT_HTML);
        } else {
            at = Ascii.put(head, at, ACCEPT_ANY);
            at = Ascii.put(head, at, server.nameAscii);
            at = Ascii.put(head, at, REFERER_END);
        }
        if (client.proxy) {
            at = Ascii.put(head, at, FORWARDED_FOR);
            at = Ascii.putIpv4(head, at, forwardedAddress());
            if (rng.percent(20)) {
                head[at++] = ',';
                head[at++] = ' ';
                at = Ascii.putIpv4(head, at, forwardedAddress());
            }
            at = Ascii.put(head, at, FORWARDED_TAIL);
        }
        headLength = Ascii.put(head, at, KEEP_ALIVE);
    }

    /** GET, Host, User-Agent and a one- or two-element X-Forwarded-For: about 160 to 230 bytes. */
    private void compactRequest() {
        int at = HttpWriter.requestStart(head, 0, page.path, server.nameAscii, Browser.any(rng).userAgent);
        head[at++] = '\r';
        head[at++] = '\n';
        at = Ascii.put(head, at, FORWARDED_FOR);
        at = Ascii.putIpv4(head, at, unevenUser());
        if (rng.percent(20)) {
            head[at++] = ',';
            head[at++] = ' ';
            at = Ascii.putIpv4(head, at, unevenUser());
        }
        head[at++] = '\r';
        head[at++] = '\n';
        head[at++] = '\r';
        head[at++] = '\n';
        headLength = at;
    }

    /**
     * A user of a balanced site: the n-th of the 762 documentation addresses (203.0.113.1-254, 198.51.100.1-254,
     * 192.0.2.1-254) with probability 0.02 × 0.98^n, so a few users send most requests and the last hundreds
     * appear in a handful of requests each (a rare client to trace).
     */
    private int unevenUser() {
        int n = 0;
        while (n < 761 && !rng.percent(2)) {
            n++;
        }
        int network = n < 254 ? (203 << 24) | (113 << 8) : n < 508 ? (198 << 24) | (51 << 16) | (100 << 8)
                : (192 << 24) | (2 << 8);
        return network | (n % 254 + 1);
    }

    /** The users a proxy speaks for, in the documentation ranges 198.51.100.0/24 and 203.0.113.0/24. */
    private int forwardedAddress() {
        int network = rng.percent(50) ? (198 << 24) | (51 << 16) | (100 << 8) : (203 << 24) | (113 << 8);
        return network | rng.between(1, 199);
    }

    private void response(long elapsedNanos) {
        fromClient = false;
        int kind = rng.nextInt(100);
        byte[] status = kind < 88 ? HttpWriter.OK_SERVER : kind < 96 ? NOT_MODIFIED : NOT_FOUND;
        bodyIsNotFound = status == NOT_FOUND;
        int body = 0;
        if (status == HttpWriter.OK_SERVER) {
            body = Math.min(maxBody, Distributions.logUniform(rng, page.minSize, page.maxSize));
        } else if (bodyIsNotFound) {
            body = NOT_FOUND_BODY.length;
        }
        int at = Ascii.put(head, 0, status);
        at = Ascii.put(head, at, SERVERS[Math.floorMod(server.name.hashCode(), SERVERS.length)]);
        at = Ascii.put(head, at, DATE);
        at = Ascii.put(head, at, date.at(elapsedNanos));
        if (status != NOT_MODIFIED) {
            at = Ascii.put(head, at, CONTENT_TYPE);
            at = Ascii.put(head, at, bodyIsNotFound ? PAGES[0].type : page.type);
            at = Ascii.put(head, at, CONTENT_LENGTH);
            at = Ascii.putDecimal(head, at, body);
        }
        at = Ascii.put(head, at, CACHE);
        at = Ascii.putDecimal(head, at, rng.nextU32());
        headLength = Ascii.put(head, at, RESPONSE_END);
        tailLength = body;
        bodyStart = rng.nextInt(1 << 20);
    }

    @Override
    protected void fillTail(byte[] buffer, int at, int offset, int length) {
        if (bodyIsNotFound) {
            System.arraycopy(NOT_FOUND_BODY, offset, buffer, at, length);
        } else {
            Content.copy(content.html, bodyStart + offset, buffer, at, length);
        }
    }
}
