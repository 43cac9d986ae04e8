package org.unveil.proxy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;

/**
 * The far end of HTTP transfers, on the JDK's HTTP server (keep-alive, Content-Length and chunked request
 * bodies): {@code GET /down/SEED/LENGTH} answers with the seeded bytes; {@code PUT|POST /up/SEED} reads the body,
 * records its SHA-256 under the seed and answers with it. Every request it saw is listed, with whether it still
 * carried the header the proxy strips.
 */
final class HttpTestServer implements AutoCloseable {
    final HttpServer server;
    final Map<Long, String> uploads = new ConcurrentHashMap<>();
    /** "METHOD PATH" of every request that reached the server, and those that carried X-Secret. */
    final Queue<String> seen = new ConcurrentLinkedQueue<>();
    final Queue<String> withSecret = new ConcurrentLinkedQueue<>();

    private HttpTestServer(HttpServer server) {
        this.server = server;
        server.createContext("/", this::handle);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.start();
    }

    static HttpTestServer on(InetSocketAddress at) throws IOException {
        return new HttpTestServer(HttpServer.create(at, 256));
    }

    int port() {
        return server.getAddress().getPort();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            String[] parts = path.split("/");
            seen.add(exchange.getRequestMethod() + " " + path);
            if (exchange.getRequestHeaders().containsKey("X-Secret")) {
                withSecret.add(exchange.getRequestMethod() + " " + path);
            }
            MessageDigest sha = SeededBytes.sha256();
            byte[] buffer = new byte[1 << 16];
            try (InputStream in = exchange.getRequestBody()) {
                for (int n; (n = in.read(buffer)) >= 0;) {
                    sha.update(buffer, 0, n);
                }
            }
            if (parts.length == 4 && parts[1].equals("down")) {
                long seed = Long.parseLong(parts[2]);
                long length = Long.parseLong(parts[3]);
                exchange.sendResponseHeaders(200, length);
                SeededBytes bytes = new SeededBytes(seed, length);
                ByteBuffer b = ByteBuffer.allocate(1 << 16);
                try (OutputStream out = exchange.getResponseBody()) {
                    while (bytes.next(b)) {
                        out.write(b.array(), 0, b.limit());
                    }
                }
            } else if (parts.length == 3 && parts[1].equals("up")) {
                String digest = HexFormat.of().formatHex(sha.digest());
                uploads.put(Long.parseLong(parts[2]), digest);
                byte[] body = digest.getBytes(StandardCharsets.US_ASCII);
                exchange.sendResponseHeaders(200, body.length);
                exchange.getResponseBody().write(body);
            } else {
                exchange.sendResponseHeaders(404, -1);
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
