package org.unveil.trace;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.unveil.capture.ProblemListener;

/** The same connections, totals and lines at any thread count, on captures split into many parts. */
class ParallelTracerTest {
    @TempDir
    Path dir;

    static List<TracedConnection> run(List<String> files, TraceQuery query, int threads, long minPart)
            throws IOException {
        return ParallelTracer.run(files, query, threads, ProblemListener.IGNORE, (f, m) -> { }, null, minPart,
                ParallelTracer.DEFAULT_MEMORY).connections();
    }

    @Test
    void headsSplitAtPartBoundariesAreFoundAtEveryThreadCount() throws IOException {
        Path file = dir.resolve("split.pcap");
        int connections = 300;
        try (TraceCapture c = new TraceCapture(file)) {
            for (int i = 0; i < connections; i++) {
                String head = "GET /" + i + " HTTP/1.1\r\nHost: s\r\nX-Forwarded-For: 203.0.113.7, 198.51.100.23\r\n\r\n";
                // the first piece holds the request line: a head is recognised by its first segment
                int line = head.indexOf('\n') + 1;
                List<String> pieces = new ArrayList<>(List.of(head.substring(0, line)));
                for (int at = line; at < head.length(); at += 6) {
                    pieces.add(head.substring(at, Math.min(head.length(), at + 6)));
                }
                c.connection(1 + i % 200, 20000 + i, 80, pieces.toArray(String[]::new));
            }
        }
        long size = Files.size(file);
        List<TracedConnection> one = run(List.of(file.toString()), TraceQuery.forwardedFor("198.51.100.23"), 1, size);
        assertThat(one).hasSize(connections);
        assertThat(one).allSatisfy(c -> assertThat(c.matchedLine()).isEqualTo("X-Forwarded-For: 203.0.113.7, 198.51.100.23"));
        for (int threads = 2; threads <= 8; threads++) {
            assertThat(run(List.of(file.toString()), TraceQuery.forwardedFor("198.51.100.23"), threads, 1024))
                    .as("%d threads", threads).isEqualTo(one);
        }
    }

    /**
     * Issue 12: more connections than the budget holds. A tracer then writes what it knows to disk and starts
     * afresh, and the sorted output goes through runs on disk; the result must be what an unbounded run gives,
     * including a connection seen again after its tracer forgot it (its pieces are folded) and a match found
     * before the tracer's reset.
     */
    @Test
    void pastTheMemoryBudgetConnectionsGoToDiskAndTheOutputIsTheSame() throws IOException {
        Path file = dir.resolve("many.pcap");
        int connections = 5000;
        try (TraceCapture c = new TraceCapture(file)) {
            for (int i = 0; i < connections; i++) {
                String xff = i % 10 == 0 ? "203.0.113.7, 198.51.100.23" : "203.0.113.7";
                String head = "GET /" + i + " HTTP/1.1\r\nHost: s\r\nX-Forwarded-For: " + xff + "\r\n\r\n";
                int line = head.indexOf('\n') + 1;
                c.connection(1 + i % 250, 10000 + i, 80, head.substring(0, line), head.substring(line));
            }
            // the first connection again, long after its tracer must have forgotten it
            c.connection(1, 10000, 80, "GET /again HTTP/1.1\r\nHost: s\r\n\r\n");
        }
        long tiny = 1; // the least a tracer holds: ParallelTracer.MIN_CONNECTIONS
        for (TraceQuery query : List.of(TraceQuery.forwardedFor("198.51.100.23"), TraceQuery.address("10.0.0.1"),
                TraceQuery.header("Host: ."))) {
            List<TracedConnection> unbounded = ParallelTracer.run(List.of(file.toString()), query, 1,
                    ProblemListener.IGNORE, (f, m) -> { }, null, Files.size(file), ParallelTracer.DEFAULT_MEMORY)
                    .connections();
            for (int threads = 1; threads <= 3; threads++) {
                assertThat(ParallelTracer.run(List.of(file.toString()), query, threads, ProblemListener.IGNORE,
                        (f, m) -> { }, null, 4096, tiny).connections())
                        .as("%s at %d threads within the least budget", query.description(), threads)
                        .isEqualTo(unbounded);
            }
        }
        List<TracedConnection> all = ParallelTracer.run(List.of(file.toString()), TraceQuery.header("Host: ."), 1,
                ProblemListener.IGNORE, (f, m) -> { }, null, 4096, tiny).connections();
        assertThat(all).hasSize(connections); // the revisit is the same connection
        TracedConnection first = all.stream().filter(c -> c.clientPort() == 10000).findFirst().orElseThrow();
        assertThat(first.packets()).as("both visits' packets").isEqualTo(2 * (2 + 2 * 2 + 2) - 2);
    }

    @Test
    void corpusCapturesGiveTheSameOutputAtOneToFourThreads() throws IOException {
        List<Path> files = TsharkTraceOracleTest.corpus().stream()
                .filter(p -> p.toString().endsWith(".pcap") || p.toString().endsWith(".cap")).toList();
        List<TraceQuery> queries = List.of(TraceQuery.header("Host: ."), TraceQuery.payload("(?i)password"),
                TraceQuery.address("192.168.1.1"));
        int found = 0;
        for (Path file : files) {
            for (TraceQuery query : queries) {
                long part = Math.max(4096, Files.size(file) / 5);
                List<TracedConnection> one = run(List.of(file.toString()), query, 1, part);
                found += one.size();
                for (int threads = 2; threads <= 4; threads++) {
                    assertThat(run(List.of(file.toString()), query, threads, part))
                            .as("%s %s, %d threads", file.getFileName(), query.description(), threads).isEqualTo(one);
                }
            }
        }
        // several files at once: connections of every file, in one order
        List<String> all = files.stream().map(Path::toString).toList();
        List<TracedConnection> together = run(all, queries.getFirst(), 1, 4096);
        assertThat(run(all, queries.getFirst(), 3, 4096)).isEqualTo(together);
        assertThat(found).isGreaterThan(100);
    }

    @Test
    void benchmarkCaptureGivesTheSameOutputAtOneToFourThreads() throws IOException {
        Path bench = Path.of("..", "bench", "out", "bench-100m.pcap");
        Assumptions.assumeTrue(Files.isRegularFile(bench), "no " + bench + " (bench/run makes it); skipping");
        for (TraceQuery query : List.of(TraceQuery.forwardedFor("203.0.113.62"), TraceQuery.header("User-Agent: Android"))) {
            List<TracedConnection> one = run(List.of(bench.toString()), query, 1, 1 << 20);
            assertThat(one).isNotEmpty();
            for (int threads = 2; threads <= 4; threads++) {
                assertThat(run(List.of(bench.toString()), query, threads, 1 << 20))
                        .as("%s, %d threads", query.description(), threads).isEqualTo(one);
            }
        }
    }
}
