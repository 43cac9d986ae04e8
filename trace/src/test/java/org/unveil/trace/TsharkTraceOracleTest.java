package org.unveil.trace;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.unveil.capture.oracle.ExternalTool;
import org.unveil.capture.oracle.TsharkConnections;
import org.unveil.capture.CaptureReader;
import org.unveil.capture.Captures;
import org.unveil.capture.Packet;
import org.unveil.capture.ProblemListener;
import org.unveil.capture.decode.PacketDecoder;
import org.unveil.capture.decode.PacketLayers;

/**
 * `unveil trace` finds the connections tshark's display filter finds. tshark runs with TCP reassembly on (its
 * default), so heads split over segments count on both sides; ports tshark does not dissect as HTTP are
 * declared with {@code -d}. Connections are compared as unordered endpoint pairs.
 */
class TsharkTraceOracleTest {
    private static final String A = "198.51.100.23";
    /** An element of the X-Forwarded-For list (optionally with a port), or a Forwarded for= naming A. */
    private static final String XFF_FILTER = "http.x_forwarded_for matches \"(^|[ ,])198\\\\.51\\\\.100\\\\.23(:[0-9]+)?($|[ ,])\""
            + " || http.request.line matches \"(?i)^forwarded:.*for=\\\"?198\\\\.51\\\\.100\\\\.23\"";
    /** tshark 4's default HTTP ports that the corpus uses; other ports are HTTP to Unveil by content only. */
    private static final Set<Integer> TSHARK_HTTP_PORTS = Set.of(80, 3128, 3132, 5985, 8080, 8088, 11371, 1900, 2869, 2710);

    @TempDir
    Path dir;

    @Test
    void forwardedForChainsInSeveralFormsMatchTsharksFilter() throws Exception {
        requireTshark();
        Path file = dir.resolve("xff.pcap");
        try (TraceCapture c = new TraceCapture(file)) {
            c.connection(1, 40001, 80, "GET /a HTTP/1.1\r\nHost: s\r\nX-Forwarded-For: " + A + "\r\n\r\n");
            c.connection(2, 40002, 80, "GET /b HTTP/1.1\r\nHost: s\r\nX-Forwarded-For: 203.0.113.5, " + A + "\r\n\r\n");
            c.connection(3, 40003, 80, "GET /c HTTP/1.1\r\nHost: s\r\nX-Forwarded-For: " + A + "0\r\n\r\n");
            c.connection(4, 40004, 80, "GET /d HTTP/1.1\r\nHost: s\r\nX-Forwa", "rded-For: " + A + "\r\n\r\n");
            c.connection(5, 40005, 8080, "POST /e HTTP/1.1\r\nx-forwarded-for: " + A + ":4711\r\nContent-Length: 0\r\n\r\n");
            c.connection(6, 40006, 9999, "GET /f HTTP/1.1\r\nX-Forwarded-For: " + A + ", 10.9.9.9\r\n\r\n");
            c.connection(7, 40007, 80, "GET /g HTTP/1.1\r\nForwarded: for=" + A + ";proto=http\r\n\r\n");
            c.connection(8, 40008, 80, "GET /h HTTP/1.1\r\nHost: s\r\nUser-Agent: " + A + "\r\n\r\n");
            c.connection(9, 40009, 80, "GET /i HTTP/1.1\r\nHost: s\r\n", "X-Forwarded-For: 192.0.2.1,", " " + A + "\r\n\r\n");
        }
        Set<String> tshark = tshark(file, XFF_FILTER, "-d", "tcp.port==9999,http");
        assertThat(tshark).as("what tshark finds (the test's own expectation)").containsExactlyInAnyOrder(
                pair(1, 40001, 80), pair(2, 40002, 80), pair(4, 40004, 80), pair(5, 40005, 8080),
                pair(6, 40006, 9999), pair(7, 40007, 80), pair(9, 40009, 80));
        for (int threads = 1; threads <= 3; threads++) {
            assertThat(unveil(file, TraceQuery.forwardedFor(A), threads)).isEqualTo(tshark);
        }
    }

    @Test
    void headerQueriesOnTheCorpusMatchTsharksFilter() throws Exception {
        requireTshark();
        List<String> differences = new ArrayList<>();
        int compared = 0;
        for (Path file : corpus()) {
            byte[] bytes = Files.readAllBytes(file);
            if (!new String(bytes, StandardCharsets.ISO_8859_1).contains("HTTP/1.")) {
                continue; // no HTTP head in it: spares a tshark run per file
            }
            if (!decodable(file)) {
                differences.add(file.getFileName() + ": link type Unveil does not decode");
                continue;
            }
            compared += compare(file, TraceQuery.header("User-Agent: Mozilla"), "http.user_agent contains \"Mozilla\"",
                    differences);
            compared += compare(file, TraceQuery.header("Host: ."), "http.host", differences);
        }
        System.out.println("trace oracle: " + compared + " connections agreed; differences: " + differences);
        assertThat(compared).isGreaterThan(50);
    }

    private static boolean decodable(Path file) throws IOException {
        try (CaptureReader reader = Captures.open(file.toString(), ProblemListener.IGNORE)) {
            Packet packet = new Packet();
            return reader.next(packet)
                    && PacketDecoder.decode(packet, new PacketLayers()).status() != PacketLayers.Status.UNSUPPORTED_LINK;
        }
    }

    /** Compares one query; connections only Unveil finds on ports tshark does not dissect are noted, not failed. */
    private int compare(Path file, TraceQuery query, String filter, List<String> differences) throws Exception {
        Set<String> expected = tshark(file, filter);
        // SSDP and other HTTP-shaped UDP heads: tshark names their fields ssdp.*, Unveil searches them as heads
        Set<String> found = unveil(file, query, 2, 6);
        Set<String> onlyUnveil = new TreeSet<>(found);
        onlyUnveil.removeAll(expected);
        for (String pair : onlyUnveil) {
            assertThat(onHttpPort(pair)).as("%s: %s only found by unveil, on a port tshark dissects as HTTP (%s)",
                    file.getFileName(), pair, filter).isFalse();
            differences.add(file.getFileName() + " " + pair + " (not an HTTP port to tshark)");
        }
        assertThat(expected).as("%s: tshark -Y '%s'", file.getFileName(), filter).isSubsetOf(found);
        return expected.size();
    }

    private static boolean onHttpPort(String pair) {
        for (String end : pair.split(" ")) {
            if (TSHARK_HTTP_PORTS.contains(Integer.parseInt(end.substring(end.lastIndexOf(':') + 1)))) {
                return true;
            }
        }
        return false;
    }

    static Set<String> unveil(Path file, TraceQuery query, int threads) throws IOException {
        return unveil(file, query, threads, 6);
    }

    private static Set<String> unveil(Path file, TraceQuery query, int threads, int protocol) throws IOException {
        Set<String> out = new TreeSet<>();
        for (TracedConnection c : ParallelTracer.run(List.of(file.toString()), query, threads, ProblemListener.IGNORE,
                (f, m) -> { }, null, 1 << 16, ParallelTracer.DEFAULT_MEMORY).connections()) {
            if (c.protocol() != protocol) {
                continue;
            }
            out.add(pair(c.client(), c.clientPort(), c.server(), c.serverPort()));
        }
        return out;
    }

    private static Set<String> tshark(Path file, String filter, String... options) throws Exception {
        List<String> command = new ArrayList<>(List.of("tshark", "-r", file.toString(), "-n", "-Y", filter));
        command.addAll(TsharkConnections.FIELDS);
        command.addAll(List.of(options));
        return TsharkConnections.parse(ExternalTool.run(command));
    }


    private static String pair(int host, int port, int serverPort) {
        return pair("10.0.0." + host, port, "192.0.2.80", serverPort);
    }

    private static String pair(String a, int ap, String b, int bp) {
        return TsharkConnections.pair(a, ap, b, bp);
    }

    static void requireTshark() {
        ExternalTool.require("tshark");
    }

    /** The corpus captures beside the repository ({@code ../shared/corpus} or $UNVEIL_CORPUS); skips when absent. */
    static List<Path> corpus() throws IOException {
        String override = System.getenv("UNVEIL_CORPUS");
        Path root = null;
        if (override != null) {
            root = Path.of(override);
        } else {
            for (Path d = Path.of("").toAbsolutePath(); d != null && root == null; d = d.getParent()) {
                if (Files.isDirectory(d.resolve("shared").resolve("corpus"))) {
                    root = d.resolve("shared").resolve("corpus");
                }
            }
        }
        Assumptions.assumeTrue(root != null && Files.isDirectory(root),
                "capture corpus not found (set UNVEIL_CORPUS); skipping trace corpus tests");
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(Files::isRegularFile).filter(p -> !p.getFileName().toString().endsWith(".md"))
                    .sorted().toList();
        }
    }
}
