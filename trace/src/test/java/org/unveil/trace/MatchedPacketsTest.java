package org.unveil.trace;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.unveil.capture.CaptureReader;
import org.unveil.capture.Captures;
import org.unveil.capture.Packet;
import org.unveil.capture.ProblemListener;
import org.unveil.capture.decode.PacketDecoder;
import org.unveil.capture.decode.PacketLayers;

/**
 * Issue 12: the packets {@code trace --write} writes, when the matching connections are more than one group of the
 * memory budget holds: the groups' packets are merged back into input order, the same as in one group.
 */
class MatchedPacketsTest {
    private static final int CONNECTIONS = 5000;

    @TempDir
    Path dir;

    @Test
    void moreConnectionsThanTheBudgetHoldsAreWrittenInInputOrder() throws IOException {
        Path file = dir.resolve("many.pcap");
        try (TraceCapture c = new TraceCapture(file)) {
            for (int i = 0; i < CONNECTIONS; i++) {
                String xff = i % 2 == 0 ? "203.0.113.7, 198.51.100.23" : "203.0.113.7";
                String head = "GET /" + i + " HTTP/1.1\r\nHost: s\r\nX-Forwarded-For: " + xff + "\r\n\r\n";
                int line = head.indexOf('\n') + 1;
                c.connection(1 + i % 250, 10000 + i, 80, head.substring(0, line), head.substring(line));
            }
            // the first connection again at the end: its group's packets come after the other groups' ones
            c.connection(1, 10000, 80, "GET /again HTTP/1.1\r\nHost: s\r\n\r\n");
        }
        // what the generator made match: the connections with an even number, by their client port
        List<byte[]> expected = new ArrayList<>();
        read(file, (packet, layers) -> {
            int port = layers.tcp().sourcePort() == 80 ? layers.tcp().destinationPort() : layers.tcp().sourcePort();
            if ((port - 10000) % 2 == 0) {
                expected.add(packet.copyBytes());
            }
        });
        assertThat(expected).hasSize(CONNECTIONS / 2 * 8 + 6);

        try (ParallelTracer.Result result = ParallelTracer.run(List.of(file.toString()),
                TraceQuery.forwardedFor("198.51.100.23"), 2, ProblemListener.IGNORE, (f, m) -> { }, null, 4096,
                ParallelTracer.DEFAULT_MEMORY)) {
            assertThat(result.count()).isEqualTo(CONNECTIONS / 2);
            List<byte[]> inOneGroup = new ArrayList<>();
            assertThat(MatchedPackets.write(result, ParallelTracer.DEFAULT_MEMORY, sink -> read(file, sink),
                    p -> inOneGroup.add(p.copyBytes()))).isEqualTo(1);
            List<byte[]> inGroups = new ArrayList<>();
            assertThat(MatchedPackets.write(result, 1, sink -> read(file, sink), p -> inGroups.add(p.copyBytes())))
                    .as("readings at the least budget (%d connections a group)", MatchedPackets.MIN_GROUP)
                    .isEqualTo((CONNECTIONS / 2 + MatchedPackets.MIN_GROUP - 1) / MatchedPackets.MIN_GROUP);
            assertThat(inOneGroup).usingElementComparator(Arrays::compare).containsExactlyElementsOf(expected);
            assertThat(inGroups).usingElementComparator(Arrays::compare).containsExactlyElementsOf(expected);
        }
    }

    private static void read(Path file, org.unveil.capture.pipeline.PacketSink sink) throws IOException {
        PacketLayers layers = new PacketLayers();
        Packet p = new Packet();
        try (CaptureReader r = Captures.open(file.toString(), ProblemListener.IGNORE)) {
            while (r.next(p)) {
                sink.add(p, PacketDecoder.decode(p, layers));
            }
        }
    }
}
