package org.unveil.scan.serve;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.unveil.scan.Json;
import org.unveil.scan.report.ScanDiff;
import org.unveil.scan.geo.GeoTable;
import org.unveil.scan.report.Reporter;
import org.unveil.scan.store.ScanInfo;
import org.unveil.scan.store.ScanStore;
import org.unveil.scan.store.StoreException;

/**
 * `unveil serve`: the page, the map and the JSON API over one store, on the JDK's HTTP server. Requests are answered
 * one at a time on the server's own thread: the store's one connection is never shared between threads.
 */
public final class Dashboard implements AutoCloseable {
    private final HttpServer server;
    private final ScanStore store;
    private final GeoTable geo;

    private Dashboard(HttpServer server, ScanStore store, GeoTable geo) {
        this.server = server;
        this.store = store;
        this.geo = geo;
    }

    /** Starts serving {@code store} at {@code address} (port 0: any free one). */
    public static Dashboard start(ScanStore store, GeoTable geo, InetSocketAddress address) throws IOException {
        HttpServer server = HttpServer.create(address, 16);
        Dashboard d = new Dashboard(server, store, geo);
        server.createContext("/", d::handle);
        server.setExecutor(null);
        server.start();
        return d;
    }

    /** Where the page is, e.g. http://127.0.0.1:8080/. */
    public URI uri() {
        InetSocketAddress a = server.getAddress();
        String host = a.getAddress().getHostAddress();
        return URI.create("http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + a.getPort() + "/");
    }

    private void handle(HttpExchange x) throws IOException {
        try (x) {
            if (!x.getRequestMethod().equals("GET") && !x.getRequestMethod().equals("HEAD")) {
                send(x, 405, "text/plain", "only GET\n".getBytes(StandardCharsets.UTF_8));
                return;
            }
            Map<String, String> q = query(x.getRequestURI().getRawQuery());
            switch (x.getRequestURI().getPath()) {
                case "/", "/index.html" -> send(x, 200, "text/html; charset=utf-8", Page.dashboard());
                case "/world.json" -> send(x, 200, "application/json", Page.world());
                case "/api/scans" -> json(x, 200, Map.of("scans", Page.scans(store)));
                case "/api/report" -> {
                    Optional<ScanInfo> scan = scan(x, q.get("scan"), "scan");
                    if (scan.isPresent()) {
                        json(x, 200, Reporter.report(store, scan.get(), geo));
                    }
                }
                case "/api/diff" -> {
                    Optional<ScanInfo> from = scan(x, q.get("from"), "from");
                    Optional<ScanInfo> to = from.isEmpty() ? Optional.empty() : scan(x, q.get("to"), "to");
                    if (to.isPresent()) {
                        json(x, 200, ScanDiff.compare(store, from.get(), to.get()));
                    }
                }
                default -> json(x, 404, Map.of("error", "no such page: " + x.getRequestURI().getPath()));
            }
        } catch (StoreException e) {
            json(x, 500, Map.of("error", e.getMessage()));
        } catch (RuntimeException e) {
            // one bad request must not stop the server; the page shows what went wrong
            json(x, 500, Map.of("error", "internal error: " + e));
        }
    }

    private Optional<ScanInfo> scan(HttpExchange x, String name, String key) throws IOException, StoreException {
        if (name == null || name.isEmpty()) {
            json(x, 400, Map.of("error", "give ?" + key + "=NAME"));
            return Optional.empty();
        }
        Optional<ScanInfo> scan = store.scan(name);
        if (scan.isEmpty()) {
            json(x, 404, Map.of("error", "the store has no scan named '" + name + "'"));
        }
        return scan;
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> out = new HashMap<>();
        if (raw != null) {
            for (String pair : raw.split("&")) {
                int eq = pair.indexOf('=');
                if (eq > 0) {
                    out.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                            URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
                }
            }
        }
        return out;
    }

    private static void json(HttpExchange x, int status, Object body) throws IOException {
        send(x, status, "application/json", (Json.of(body) + "\n").getBytes(StandardCharsets.UTF_8));
    }

    private static void send(HttpExchange x, int status, String type, byte[] body) throws IOException {
        x.getResponseHeaders().set("Content-Type", type);
        x.getResponseHeaders().set("Cache-Control", "no-store");
        boolean head = x.getRequestMethod().equals("HEAD");
        x.sendResponseHeaders(status, head ? -1 : body.length);
        if (!head) {
            try (OutputStream out = x.getResponseBody()) {
                out.write(body);
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
