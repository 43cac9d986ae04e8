package org.unveil.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.unveil.proxy.http.HttpRules;

/** The relay on loopback (no root needed): transfers both ways, HTTP rules, and bad input kept to itself. */
class ProxyLoopbackTest {
    @TempDir
    Path dir;

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    @Test
    void concurrentTransfersBothWaysArriveWhole() throws Exception {
        try (TransferServer server = TransferServer.on(new InetSocketAddress("127.0.0.1", 0))) {
            int port = freePort();
            try (InProcessProxy proxy = new InProcessProxy(port, server.port(), Mode.TCP, HttpRules.permissive(),
                    dir.resolve("state"))) {
                ExecutorService pool = Executors.newFixedThreadPool(4);
                List<Future<TransferClient.Result>> results = new ArrayList<>();
                long[][] sizes = {{1 << 20, 3 << 20}, {7 << 20, 1}, {0, 20 << 20}, {5_000_001, 4_999_999}};
                for (int i = 0; i < sizes.length; i++) {
                    long seed = 100 + i;
                    long up = sizes[i][0];
                    long down = sizes[i][1];
                    results.add(pool.submit(() -> TransferClient.connectAndRun(
                            new InetSocketAddress("127.0.0.1", port), seed, up, down)));
                }
                for (int i = 0; i < sizes.length; i++) {
                    TransferClient.Result r = results.get(i).get();
                    assertThat(r.error()).isNull();
                    assertThat(r.downloadDigest()).isEqualTo(SeededBytes.digest(100 + i, sizes[i][1]));
                    assertThat(server.awaitUpload(100L + i)).isEqualTo(SeededBytes.digest((100 + i) ^ 0x5555, sizes[i][0]));
                }
                pool.shutdown();
                assertThat(proxy.log).isEmpty();
            }
        }
    }

    /** Records what reached it; answers "/reset" with a reset, anything else with what it read once the client ends. */
    private static final class RecordingHttpServer implements AutoCloseable {
        final ServerSocket socket = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress());
        final Map<Integer, byte[]> received = new ConcurrentHashMap<>();

        RecordingHttpServer() throws IOException {
            Thread.ofPlatform().daemon().start(() -> {
                int n = 0;
                while (!socket.isClosed()) {
                    try {
                        Socket s = socket.accept();
                        int id = n++;
                        Thread.ofPlatform().daemon().start(() -> serve(id, s));
                    } catch (IOException e) {
                        return;
                    }
                }
            });
        }

        private void serve(int id, Socket s) {
            try (s) {
                InputStream in = s.getInputStream();
                ByteArrayOutputStream got = new ByteArrayOutputStream();
                byte[] buffer = new byte[65536];
                for (int n; (n = in.read(buffer)) >= 0;) {
                    got.write(buffer, 0, n);
                    if (got.toString(StandardCharsets.ISO_8859_1).startsWith("GET /reset ")) {
                        s.setSoLinger(true, 0);
                        return;
                    }
                }
                received.put(id, got.toByteArray());
                if (got.size() > 0) {
                    String body = "received " + got.size() + "\n";
                    s.getOutputStream().write(("HTTP/1.1 200 OK\r\nContent-Length: " + body.length() + "\r\n\r\n" + body)
                            .getBytes(StandardCharsets.US_ASCII));
                }
            } catch (IOException e) {
                // a client that went away
            }
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }

    private static String exchange(int port, String request, boolean halfClose) throws IOException {
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout(20_000);
            OutputStream out = s.getOutputStream();
            out.write(request.getBytes(StandardCharsets.ISO_8859_1));
            if (halfClose) {
                s.shutdownOutput();
            }
            return new String(s.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
        } catch (java.net.SocketException e) {
            return "reset: " + e.getMessage();
        }
    }

    @Test
    void httpRulesPassAllowedRequestsAsTheyAreAndAnswerRefusedOnes() throws Exception {
        HttpRules rules = new HttpRules(Set.of("DELETE"), List.of("/private"), Set.of("Cookie"), 403,
                Duration.ofSeconds(10));
        try (RecordingHttpServer server = new RecordingHttpServer()) {
            int port = freePort();
            try (InProcessProxy proxy = new InProcessProxy(port, server.socket.getLocalPort(), Mode.HTTP, rules,
                    dir.resolve("state"))) {
                String allowed = "GET /index.html HTTP/1.1\r\nHost: www.example\r\nAccept: */*\r\n\r\n"
                        + "POST /form HTTP/1.1\r\nHost: www.example\r\nContent-Length: 11\r\n\r\nhello world";
                String reply = exchange(port, allowed, true);
                assertThat(reply).endsWith("received " + allowed.length() + "\n");
                assertThat(server.received.values()).anySatisfy(b ->
                        assertThat(new String(b, StandardCharsets.ISO_8859_1)).isEqualTo(allowed));

                String stripped = exchange(port, "GET / HTTP/1.1\r\nHost: h\r\nCookie: s=1\r\n\r\n", true);
                assertThat(stripped).contains("received " + "GET / HTTP/1.1\r\nHost: h\r\n\r\n".length());

                String refused = exchange(port, "GET /ok HTTP/1.1\r\nHost: h\r\n\r\nDELETE /x HTTP/1.1\r\nHost: h\r\n\r\n",
                        false);
                assertThat(refused).startsWith("HTTP/1.1 200 OK").contains("HTTP/1.1 403 Forbidden");
                assertThat(exchange(port, "GET /private/a HTTP/1.1\r\nHost: h\r\n\r\n", false))
                        .startsWith("HTTP/1.1 403 Forbidden");
                assertThat(proxy.log).hasSize(2).allSatisfy(line -> assertThat(line).contains("is refused"));
            }
        }
    }

    @Test
    void badInputEndsOnlyItsOwnConnectionWithOneLogLine() throws Exception {
        HttpRules rules = new HttpRules(Set.of(), List.of(), Set.of(), 403, Duration.ofSeconds(1));
        try (RecordingHttpServer server = new RecordingHttpServer()) {
            int port = freePort();
            try (InProcessProxy proxy = new InProcessProxy(port, server.socket.getLocalPort(), Mode.HTTP, rules,
                    dir.resolve("state"))) {
                // a well-behaved client uploading slowly across all three incidents
                Socket good = new Socket("127.0.0.1", port);
                good.setSoTimeout(20_000);
                byte[] body = new byte[3 << 20];
                new java.util.Random(1).nextBytes(body);
                String head = "PUT /big HTTP/1.1\r\nHost: h\r\nContent-Length: " + body.length + "\r\n\r\n";
                good.getOutputStream().write(head.getBytes(StandardCharsets.US_ASCII));
                good.getOutputStream().write(body, 0, body.length / 2);

                String malformed = exchange(port, "GET / HTTP/1.1\r\nContent-Length: x\r\n\r\n", false);
                assertThat(malformed).startsWith("HTTP/1.1 400 Bad Request");
                String slow;
                try (Socket loris = new Socket("127.0.0.1", port)) {
                    loris.setSoTimeout(20_000);
                    loris.getOutputStream().write("GET / HTTP/1.1\r\nHo".getBytes(StandardCharsets.US_ASCII));
                    slow = new String(loris.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
                }
                assertThat(slow).startsWith("HTTP/1.1 408 Request Timeout");
                String reset = exchange(port, "GET /reset HTTP/1.1\r\nHost: h\r\n\r\n", false);
                assertThat(reset).doesNotContain("200 OK");

                good.getOutputStream().write(body, body.length / 2, body.length - body.length / 2);
                good.shutdownOutput();
                String reply = new String(good.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
                good.close();
                assertThat(reply).endsWith("received " + (head.length() + body.length) + "\n");
                assertThat(proxy.log).hasSize(3);
                assertThat(proxy.log).anySatisfy(l -> assertThat(l).contains("malformed request"));
                assertThat(proxy.log).anySatisfy(l -> assertThat(l).contains("request head not complete within 1 s"));
                assertThat(proxy.log).anySatisfy(l -> assertThat(l).contains("the server reset the connection"));
            }
        }
    }
}
