package org.unveil.trace;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.unveil.capture.flow.FlowKey;
import org.unveil.capture.io.MappedFileWindow;
import org.unveil.capture.pipeline.CapturePipeline;

/**
 * The per-part work on its own, as an engine spreading parts over machines does it: every part of every file traced
 * by {@link PartTrace}, the pieces gathered by 5-tuple, sorted into input order and folded by
 * {@link ConnectionMerge}, give what {@link ParallelTracer} gives (heads split across part boundaries included, and
 * a connection spread over two files).
 */
class PartTraceTest {
    @TempDir
    Path dir;

    private record Placed(int part, ConnectionPiece piece) {
    }

    @Test
    void partsTracedApartAndMergedByFiveTupleGiveTheParallelRunsConnections() throws IOException {
        List<String> files = new ArrayList<>();
        for (int f = 0; f < 2; f++) {
            Path file = dir.resolve("f" + f + ".pcap");
            try (TraceCapture c = new TraceCapture(file)) {
                for (int i = 0; i < 200; i++) {
                    String head = "GET /" + i + " HTTP/1.1\r\nHost: s\r\nX-Forwarded-For: 203.0.113.7, 198.51.100.23"
                            + "\r\n\r\n";
                    int line = head.indexOf('\n') + 1;
                    List<String> pieces = new ArrayList<>(List.of(head.substring(0, line)));
                    for (int at = line; at < head.length(); at += 7) {
                        pieces.add(head.substring(at, Math.min(head.length(), at + 7)));
                    }
                    // file 1 repeats file 0's first 50 5-tuples: those connections continue across the files
                    int port = f == 1 && i >= 50 ? 40000 + i : 20000 + i;
                    c.connection(1 + i % 60, port, 80, pieces.toArray(String[]::new));
                }
            }
            files.add(file.toString());
        }
        TraceQuery query = TraceQuery.forwardedFor("198.51.100.23");
        CapturePipeline pipeline = new CapturePipeline(problem -> { }).parts(MappedFileWindow.DEFAULT_CHUNK, 2048);
        List<TracedConnection> expected;
        try (ParallelTracer.Result r = ParallelTracer.run(files, query, 1,
                new CapturePipeline(problem -> { }), ParallelTracer.DEFAULT_MEMORY)) {
            expected = r.connections();
        }
        assertThat(expected).hasSize(350);

        int parts = 6;
        Map<FlowKey, List<Placed>> byKey = new LinkedHashMap<>();
        long packets = 0;
        // in reverse, as tasks may finish in any order: the merge puts the pieces back in input order
        for (int f = files.size() - 1; f >= 0; f--) {
            int n = pipeline.partCount(files.get(f), parts);
            assertThat(n).isEqualTo(parts);
            for (int p = n - 1; p >= 0; p--) {
                int part = p;
                packets += PartTrace.trace(pipeline, files.get(f), f, parts, p, query, ParallelTracer.DEFAULT_MEMORY,
                        piece -> byKey.computeIfAbsent(piece.key(), k -> new ArrayList<>())
                                .add(new Placed(part, piece))).packets();
            }
        }
        List<ConnectionPiece> matched = new ArrayList<>();
        for (List<Placed> pieces : byKey.values()) {
            pieces.sort(Comparator.comparingInt((Placed x) -> x.piece().fileIndex()).thenComparingInt(Placed::part)
                    .thenComparingLong(x -> x.piece().order()));
            ConnectionMerge m = new ConnectionMerge();
            pieces.forEach(x -> m.add(x.piece()));
            if (m.matched() != null) {
                matched.add(m.matched());
            }
        }
        matched.sort(ConnectionMerge.OUTPUT_ORDER);
        assertThat(matched.stream().map(ConnectionMerge::connection).toList()).isEqualTo(expected);
        // every connection matched, so every packet of the files is in one, counted once
        assertThat(packets).isEqualTo(expected.stream().mapToLong(TracedConnection::packets).sum());
    }
}
