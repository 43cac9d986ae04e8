package org.unveil.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.unveil.cli.CommandLineTest.unveil;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** `unveil probe` against a small in-process server that plays three round-robin back-ends. */
class ProbeCommandTest {
    private HttpServer server;
    private final List<String> hosts = new CopyOnWriteArrayList<>();
    private final List<String> agents = new CopyOnWriteArrayList<>();
    private final List<Integer> clientPorts = new CopyOnWriteArrayList<>();
    private final List<String> clientAddresses = new CopyOnWriteArrayList<>();
    private final AtomicInteger served = new AtomicInteger();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger mostInFlight = new AtomicInteger();
    private volatile long delayMillis;
    private final java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newCachedThreadPool();

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(pool);
        server.createContext("/", exchange -> {
            mostInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
            try {
                Thread.sleep(delayMillis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            inFlight.decrementAndGet();
            hosts.add(exchange.getRequestHeaders().getFirst("Host"));
            agents.add(exchange.getRequestHeaders().getFirst("User-Agent"));
            clientPorts.add(exchange.getRemoteAddress().getPort());
            clientAddresses.add(exchange.getRemoteAddress().getAddress().getHostAddress());
            String id = "node-" + served.getAndIncrement() % 3;
            byte[] body = ("<footer>" + id + "</footer>").getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Set-Cookie", "SID=" + served.get() + "; Path=/");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
        pool.shutdownNow();
    }

    private String port() {
        return String.valueOf(server.getAddress().getPort());
    }

    @Test
    void findsTheBackEndsInTheBodyThroughResolveWithAnHonestAgent() throws IOException {
        var r = unveil("probe", "http://shop.test:" + port() + "/", "--resolve", "shop.test:127.0.0.1", "--rate", "100",
                "--id-regex", "<footer>([a-z0-9-]+)</footer>", "--json");
        assertThat(r.code()).as(r.err()).isZero();
        JsonNode report = new ObjectMapper().readTree(r.out());
        assertThat(report.get("comparison").isNull()).as("one target: nothing to compare").isTrue();
        JsonNode t = report.get("targets").get(0);
        assertThat(t.get("address").asText()).isEqualTo("127.0.0.1");
        assertThat(t.get("backends").asInt()).isEqualTo(3);
        assertThat(t.get("namedBy").asText()).isEqualTo("body");
        assertThat(t.get("policy").get("guess").asText()).isEqualTo("roundrobin");
        // the server ignores its SID cookie: sent back, it lands on the next node like any request
        JsonNode sticky = t.get("stickiness");
        assertThat(sticky.get("cookie").asBoolean()).as(sticky.toString()).isFalse();
        assertThat(sticky.get("cookieWhy").asText()).contains("came from other back-ends").contains("SID");
        assertThat(sticky.get("source").asBoolean()).as(sticky.toString()).isFalse();
        assertThat(sticky.get("probes").asInt()).isBetween(3, 30);
        assertThat(t.get("probes").asInt() + sticky.get("probes").asInt()).isEqualTo(served.get());
        assertThat(t.get("ignored").toString()).contains("cookie SID");
        assertThat(hosts).containsOnly("shop.test:" + port());
        assertThat(agents).allSatisfy(a -> assertThat(a).startsWith("Unveil-probe/"));
        // a new connection for each request
        assertThat(Set.copyOf(clientPorts)).hasSize(served.get());
        List<String> keys = List.of("url", "address", "source", "backends", "backendsLow", "backendsHigh", "probes",
                "responses", "identified", "failed", "budget", "stoppedBecause", "namedBy", "terminatesTcp", "policy",
                "servers", "ignored", "stickiness", "tcp", "countedFromTcpOnly");
        assertThat(names(t)).containsExactlyElementsOf(keys);
        assertThat(names(t.get("servers").get(0))).containsExactly("id", "share", "shareLow", "shareHigh",
                "requests", "why", "evidence");
    }

    private static List<String> names(JsonNode node) {
        List<String> out = new java.util.ArrayList<>();
        node.fieldNames().forEachRemaining(out::add);
        return out;
    }

    @Test
    void keepAliveReusesTheConnectionAndTheTextTableNamesEachServer() {
        var r = unveil("probe", "http://127.0.0.1:" + port() + "/", "--keep-alive", "--rate", "100", "--max-requests",
                "12", "--id-regex", "<footer>([a-z0-9-]+)</footer>");
        assertThat(r.code()).as(r.err()).isZero();
        // the run's 12 on one connection; the cookie check after it goes on new ones
        assertThat(Set.copyOf(clientPorts.subList(0, 12))).hasSize(1);
        assertThat(Set.copyOf(clientPorts.subList(12, served.get()))).hasSize(served.get() - 12)
                .doesNotContain(clientPorts.getFirst());
        assertThat(r.out()).contains("3 back-ends (95% interval 3-").contains("stopped: max-requests")
                .contains("node-0").contains("node-1").contains("node-2");
    }

    @Test
    void theHtmlReportDrawsTheCurveAndTheShares(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws IOException {
        java.nio.file.Path page = dir.resolve("probe.html");
        var r = unveil("probe", "http://127.0.0.1:" + port() + "/", "--rate", "100", "--max-requests", "12",
                "--id-regex", "<footer>([a-z0-9-]+)</footer>", "--html", page.toString());
        assertThat(r.code()).as(r.err()).isZero();
        String html = java.nio.file.Files.readString(page);
        assertThat(html).startsWith("<!DOCTYPE html>").endsWith("</html>\n").doesNotContain("<script")
                .doesNotContain("http-equiv").contains("<b>3 back-ends</b>").contains("node-0").contains("node-2");
        // the server played node-0, node-1, node-2 in turn: the curve steps up at responses 1, 2 and 3 and stays
        String d = html.replaceAll("(?s).*<path class=\"found\" d=\"([^\"]*)\".*", "$1");
        assertThat(d.split(" V")).hasSize(4);
        assertThat(html.split("<rect class=\"share\"")).hasSize(4);
        // each share a third of the bars' span
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("<rect class=\"share\" [^>]*width=\"([0-9.]+)\"")
                .matcher(html);
        while (m.find()) {
            assertThat(Double.parseDouble(m.group(1))).isCloseTo((640 - 160 - 20) / 3.0,
                    org.assertj.core.api.Assertions.within(0.2));
        }
    }

    @Test
    void keepsToTheRateAndTheConcurrency() {
        delayMillis = 300;
        long start = System.nanoTime();
        var r = unveil("probe", "http://127.0.0.1:" + port() + "/", "--rate", "20", "--concurrency", "3",
                "--max-requests", "12");
        double seconds = (System.nanoTime() - start) / 1e9;
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(served.get()).isEqualTo(12);
        // 12 requests at 20/s take at least 0.55 s; with 300 ms each, 3 in flight overlap but never 4
        assertThat(seconds).isGreaterThanOrEqualTo(0.55);
        assertThat(mostInFlight.get()).isBetween(2, 3);
        assertThat(r.out()).contains("no evidence tells back-ends apart");
    }

    @Test
    void aTargetThatNeverAnswersIsOneLineAndExitThree() throws IOException {
        int closed;
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closed = s.getLocalPort();
        }
        var r = unveil("probe", "http://127.0.0.1:" + closed + "/", "--rate", "50");
        assertThat(r.code()).isEqualTo(ExitCode.NO_INPUT);
        assertThat(r.err().strip().lines()).singleElement().asString()
                .contains("5 of 5 requests failed: connection refused").doesNotContain("Exception");
        assertThat(r.out()).contains("stopped: unreachable");
    }

    @Test
    void eachSourceIsARunOfItsOwnAndEveryResponseIsACsvRow(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws IOException {
        java.nio.file.Path csv = dir.resolve("responses.csv");
        var r = unveil("probe", "http://127.0.0.1:" + port() + "/", "--source", "127.0.0.2,127.0.0.3", "--rate",
                "100", "--max-requests", "9", "--id-regex", "<footer>([a-z0-9-]+)</footer>", "--json",
                "--responses-csv", csv.toString(), "--html", dir.resolve("two.html").toString());
        assertThat(r.code()).as(r.err()).isZero();
        // the server saw each source address, 9 requests each and the cookie check after them, in that order
        int fromFirst = clientAddresses.lastIndexOf("127.0.0.2") + 1;
        assertThat(fromFirst).isGreaterThanOrEqualTo(9);
        assertThat(clientAddresses.subList(0, fromFirst)).containsOnly("127.0.0.2");
        assertThat(clientAddresses.subList(fromFirst, clientAddresses.size())).containsOnly("127.0.0.3")
                .hasSize(fromFirst);
        JsonNode report = new ObjectMapper().readTree(r.out());
        assertThat(names(report)).containsExactly("targets", "comparison");
        JsonNode targets = report.get("targets");
        assertThat(targets).hasSize(2);
        // the two sources saw the same three nodes: neither has more
        JsonNode pair = report.get("comparison").get("pairs").get(0);
        assertThat(names(pair)).containsExactly("first", "second", "more", "difference", "significant", "why");
        assertThat(pair.get("more").isNull()).isTrue();
        assertThat(pair.get("significant").asBoolean()).isFalse();
        assertThat(pair.get("why").asText()).contains("3 back-ends each");
        assertThat(java.nio.file.Files.readString(dir.resolve("two.html"))).contains("<h2>Comparison</h2>")
                .contains("<li class=\"not-significant\">" + ProbeReport.escape(pair.get("why").asText()) + "</li>");
        assertThat(targets.get(0).get("source").asText()).isEqualTo("127.0.0.2");
        assertThat(targets.get(1).get("source").asText()).isEqualTo("127.0.0.3");
        List<String> lines = java.nio.file.Files.readAllLines(csv);
        assertThat(lines.getFirst()).isEqualTo("time,url,address,source,source_port,status,server,confidence,evidence");
        assertThat(lines).hasSize(1 + 18);
        int[] playedPorts = clientPorts.stream().mapToInt(Integer::intValue).toArray();
        java.util.List<Integer> rowPorts = new java.util.ArrayList<>();
        Set<String> connections = new java.util.HashSet<>();
        // the server played node-0, node-1, node-2 in turn: each row names the one that answered it
        for (int i = 1; i <= 18; i++) {
            String[] f = lines.get(i).split(",", 9);
            assertThat(java.time.Instant.parse(f[0])).isBefore(java.time.Instant.now());
            assertThat(f[1]).isEqualTo("http://127.0.0.1:" + port() + "/");
            assertThat(f[2]).isEqualTo("127.0.0.1");
            assertThat(f[3]).isEqualTo(i <= 9 ? "127.0.0.2" : "127.0.0.3");
            rowPorts.add(Integer.valueOf(f[4]));
            connections.add(f[3] + ":" + f[4]);
            assertThat(f[5]).isEqualTo("200");
            assertThat(f[6]).isEqualTo("node-" + (i - 1) % 3);
            // three responses a node, named in the body: each is its node's, though with two others to vouch only
            assertThat(Double.parseDouble(f[7])).isBetween(0.5, 1.0);
            assertThat(f[8]).contains("body=node-" + (i - 1) % 3).contains("cookie SID=").contains("date=");
        }
        // each row's port is the one the server saw that request come from (the cookie checks came in between)
        java.util.List<Integer> seen = new java.util.ArrayList<>();
        for (int p : playedPorts) {
            seen.add(p);
        }
        assertThat(seen).containsSubsequence(rowPorts.subList(0, 9)).containsSubsequence(rowPorts.subList(9, 18));
        // a new connection a request: no source address and port twice (two source addresses may share a port)
        assertThat(connections).hasSize(18);
    }

    static List<List<String>> badInput() {
        return List.of(
                List.of("probe", "ftp://example.test/"),
                List.of("probe", "http:///nohost"),
                List.of("probe", "http://a.test/", "http://a.test/"),
                List.of("probe", "http://a.test/", "--resolve", "a.test:1.2.3"),
                List.of("probe", "http://a.test/", "--resolve", "a.test:example.com"),
                List.of("probe", "http://a.test/", "--resolve", "b.test:192.0.2.1"),
                List.of("probe", "http://a.test/", "--resolve", "a.test"),
                List.of("probe", "http://a.test/", "--rate", "0"),
                List.of("probe", "http://a.test/", "--rate", "1000"),
                List.of("probe", "http://a.test/", "--concurrency", "0"),
                List.of("probe", "http://a.test/", "--max-requests", "20000"),
                List.of("probe", "http://a.test/", "--confidence", "1"),
                List.of("probe", "http://a.test/", "--min-weight", "2"),
                List.of("probe", "http://a.test/", "--id-regex", "(unclosed"),
                List.of("probe", "http://a.test/", "--id-header", "bad header"),
                List.of("probe", "http://a.test/", "--source", "127.0.0"),
                List.of("probe", "http://a.test/", "--source", "192.0.2.1"), // documentation range, not this host's
                List.of("probe", "http://a.test/", "--source", "127.0.0.2,127.0.0.2"),
                List.of("probe", "http://a.test/", "--responses-csv", "/nonexistent-folder/r.csv"),
                List.of("probe", "http://a.test/", "--html", "/nonexistent-folder/r.html"),
                List.of("probe", "http://a.test/", "--html", "-", "--responses-csv", "-"),
                List.of("probe", "http://a.test/", "--http", "3"),
                List.of("probe", "http://a.test/", "--method", "nmap"),
                List.of("probe", "http://a.test/", "--method", "halberd", "--html", "-"),
                List.of("probe", "http://a.test/", "--method", "lbd", "--tcp"),
                List.of("probe", "https://a.test/", "--ca-cert", "/nonexistent-folder/ca.pem"),
                List.of("probe", "https://a.test/", "--ca-cert", "pom.xml"), // a file, but no certificate in it
                List.of("probe", "https://a.test/", "--ca-cert", "/dev/null"),
                List.of("probe"));
    }

    @ParameterizedTest
    @MethodSource("badInput")
    void badInputIsOnePlainLineAndExitTwo(List<String> args) {
        var r = unveil(args.toArray(String[]::new));
        assertThat(r.code()).as(r.err()).isEqualTo(ExitCode.USAGE);
        assertThat(r.err().strip().lines()).as(r.err()).hasSize(1);
        assertThat(r.err()).startsWith("unveil: ").contains("--help").doesNotContain("Exception");
        assertThat(r.out()).isEmpty();
    }
}
