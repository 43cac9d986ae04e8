package org.unveil.capture;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.unveil.capture.pcap.PcapWriter;

class SplitCaptureThreadsTest {
    private static final int PACKETS = 20_000;

    @TempDir
    Path dir;

    @Test
    void partsOpenedOnOneThreadReadOnOthers() throws Exception {
        Path file = dir.resolve("split.pcap");
        byte[] frame = new byte[100];
        try (OutputStream out = Files.newOutputStream(file);
                PcapWriter pcap = new PcapWriter(out, LinkType.ETHERNET, 65_535)) {
            for (int i = 0; i < PACKETS; i++) {
                frame[0] = (byte) i;
                pcap.write(Packet.of(LinkType.ETHERNET, 1_700_000_000_000_000_000L + i * 1_000L, frame));
            }
        }
        List<CaptureProblem> problems = new ArrayList<>();
        // small chunks and parts, so the first part maps a chunk on this thread and remaps on the pool's
        List<CaptureReader> parts = SplitCapture.open(file.toString(), 2, problems::add, 1 << 16, 1 << 20);
        assertThat(parts).hasSize(2);

        long total = 0;
        try (ExecutorService pool = Executors.newFixedThreadPool(2)) {
            List<Future<Long>> counts = parts.stream().map(r -> pool.submit(() -> count(r))).toList();
            for (Future<Long> f : counts) {
                total += f.get();
            }
        }

        assertThat(total).isEqualTo(PACKETS);
        assertThat(problems).isEmpty();
    }

    private static long count(CaptureReader reader) throws IOException {
        long n = 0;
        try (reader) {
            Packet packet = new Packet();
            while (reader.next(packet)) {
                n++;
            }
        }
        return n;
    }
}
