package org.unveil.capture;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.unveil.capture.pcap.PcapWriter;

/** A named pipe (what a shell's process substitution gives) is read as a stream, not refused as empty. */
class NamedPipeTest {
    @TempDir
    Path dir;

    @Test
    void aFifoIsReadAsAStream() throws Exception {
        Path fifo = dir.resolve("capture.fifo");
        Process mkfifo;
        try {
            mkfifo = new ProcessBuilder("mkfifo", fifo.toString()).start();
        } catch (IOException e) {
            Assumptions.abort("mkfifo is not available: " + e.getMessage());
            return;
        }
        Assumptions.assumeTrue(mkfifo.waitFor() == 0, "mkfifo failed; skipping");
        CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
            try (OutputStream out = Files.newOutputStream(fifo); PcapWriter w = new PcapWriter(out, LinkType.RAW, 65535)) {
                for (int i = 0; i < 3; i++) {
                    w.write(Packet.of(LinkType.RAW, i * 1_000_000_000L, new byte[] {0x45, 0, 0, 20}));
                }
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        int packets = 0;
        try (CaptureReader reader = Captures.open(fifo.toString(), ProblemListener.IGNORE)) {
            Packet p = new Packet();
            while (reader.next(p)) {
                packets++;
            }
        }
        writer.get();
        assertThat(packets).isEqualTo(3);
    }
}
