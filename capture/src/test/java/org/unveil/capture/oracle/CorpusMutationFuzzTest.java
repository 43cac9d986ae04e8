package org.unveil.capture.oracle;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.unveil.capture.CaptureException;
import org.unveil.capture.CaptureProblem;
import org.unveil.capture.CaptureReader;
import org.unveil.capture.Captures;
import org.unveil.capture.Packet;
import org.unveil.capture.decode.PacketDecoder;
import org.unveil.capture.decode.PacketLayers;
import org.unveil.capture.fields.PacketField;
import org.unveil.capture.summary.ProtocolSummary;

/**
 * Mutation fuzzing over the corpus: truncated, bit-flipped, overwritten and spliced captures never
 * crash, hang or blow memory. The only outcomes allowed are packets, reported {@link CaptureProblem}s
 * and a {@link CaptureException} saying the input is not a capture.
 */
class CorpusMutationFuzzTest {
    private static final int SEED_FILES = 200;
    private static final long TIME_LIMIT_SECONDS = 20;
    private static List<byte[]> seeds = List.of();
    private static ExecutorService worker;

    @BeforeAll
    static void loadSeeds() throws IOException {
        List<byte[]> loaded = new java.util.ArrayList<>(Corpus.seedFiles(SEED_FILES));
        // and the captures with tunnels and serial link types, so mutations reach those decoders too
        java.nio.file.Path tcpdump = Corpus.root().resolve("tcpdump");
        for (String name : TsharkFieldsOracleTest.TUNNEL_FILES) {
            java.nio.file.Path file = tcpdump.resolve(name);
            if (java.nio.file.Files.isRegularFile(file) && java.nio.file.Files.size(file) < 256 * 1024) {
                loaded.add(java.nio.file.Files.readAllBytes(file));
            }
        }
        seeds = loaded;
        worker = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "mutation-reader");
            t.setDaemon(true);
            return t;
        });
    }

    @AfterAll
    static void stop() {
        if (worker != null) {
            worker.shutdownNow();
        }
    }

    /** Fixed seed: every run tries the same mutations, so a failure can be replayed from its description. */
    private static final long SEED = 0xC0FFEE_2026L;
    private static final int TRIES = 600;
    private static final long MAPPING_CHUNK = 4096;

    @Test
    void mutatedCapturesYieldOnlyPacketsAndReportedProblems() throws Exception {
        Corpus.require();
        assertThat(seeds).isNotEmpty();
        Random random = new Random(SEED);
        for (int trial = 0; trial < TRIES; trial++) {
            CaptureMutation mutation = CaptureMutation.random(random);
            check(mutation);
        }
    }

    private static void check(CaptureMutation mutation) throws Exception {
        byte[] bytes = mutation.apply(seeds);
        // 4 KiB chunks: small files still cross many chunk boundaries, while each remap (a shared-arena
        // close, a thread handshake) stays rare enough that a resync scan over a damaged file is quick
        Future<Outcome> run = worker.submit(() -> readAll(bytes, MAPPING_CHUNK));
        Outcome outcome;
        try {
            outcome = run.get(TIME_LIMIT_SECONDS, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            run.cancel(true);
            throw new AssertionError("reader hung on " + mutation);
        } catch (ExecutionException e) {
            throw new AssertionError(mutation + " escaped with " + e.getCause(), e.getCause());
        }
        // problems are reported at offsets inside the input, with a message
        for (CaptureProblem p : outcome.problems()) {
            assertThat(p.offset()).as("%s: %s", mutation, p).isBetween(0L, (long) bytes.length);
            assertThat(p.message()).isNotBlank();
        }
        // every delivered packet lies inside the input
        assertThat(outcome.bytesDelivered()).as("%s", mutation).isLessThanOrEqualTo((long) bytes.length);
    }

    record Outcome(long packets, long bytesDelivered, List<CaptureProblem> problems) {
    }

    /** Reads everything through both the mapped and the streamed path, decoding every field. */
    static Outcome readAll(byte[] bytes, long chunk) throws IOException {
        Path file = Files.createTempFile("mutant", ".pcap");
        try {
            Files.write(file, bytes);
            Outcome mapped = read(() -> Captures.open(file.toString(), PROBLEMS.get()::add, chunk));
            Outcome streamed = read(() -> Captures.open(new java.io.ByteArrayInputStream(bytes), "mutant", PROBLEMS.get()::add));
            assertThat(streamed.packets()).as("streamed and mapped reading agree").isEqualTo(mapped.packets());
            return mapped;
        } finally {
            Files.deleteIfExists(file);
        }
    }

    private static final ThreadLocal<List<CaptureProblem>> PROBLEMS = ThreadLocal.withInitial(ArrayList::new);

    private interface Opener {
        CaptureReader open() throws IOException;
    }

    private static Outcome read(Opener opener) throws IOException {
        List<CaptureProblem> problems = PROBLEMS.get();
        problems.clear();
        long packets = 0;
        long bytes = 0;
        Packet packet = new Packet();
        PacketLayers layers = new PacketLayers();
        ProtocolSummary summary = new ProtocolSummary();
        StringBuilder text = new StringBuilder();
        try (CaptureReader reader = opener.open()) {
            while (reader.next(packet)) {
                packets++;
                bytes += packet.capturedLength();
                MemorySegment s = packet.buffer();
                assertThat(packet.offset() + packet.capturedLength()).isLessThanOrEqualTo(s.byteSize());
                PacketDecoder.decode(packet, layers);
                summary.add(packet, layers);
                for (PacketField f : PacketField.values()) {
                    text.setLength(0);
                    f.append(packet, layers, text);
                }
            }
        } catch (CaptureException notACapture) {
            assertThat(notACapture.getMessage()).contains("byte");
        }
        return new Outcome(packets, bytes, List.copyOf(problems));
    }
}
