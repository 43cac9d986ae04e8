package org.unveil.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The benchmark files are a contract (bench/run's numbers are measured on them): these digests were taken from
 * the generators as they were before they moved onto the shared generator module (main at 12355f8), so any
 * change to a single byte of their output fails here.
 */
class GoldenCaptureTest {
    @TempDir
    Path dir;

    @Test
    void benchFileIsByteForByteTheOneBeforeTheSharedGenerator() throws IOException {
        Path file = dir.resolve("bench.pcap");
        BenchCaptureGenerator.generate(file, 3L << 20, 1, false);
        String seed1 = sha256(file);
        BenchCaptureGenerator.generate(file, 1L << 20, 7, false);
        assertThat(List.of(seed1, sha256(file))).containsExactly("844c3b998ff021d3f50e033e047d1f39d89db04e56a6f0c2450739c1db3ee714", "b7375955373163086e98b0a4913351cf0121b96e1befcd02620c139b4547ffe4");
    }

    @Test
    void demoFileIsByteForByteTheOneBeforeTheSharedGenerator() throws IOException {
        Path file = dir.resolve("demo.pcap");
        BenchCaptureGenerator.generate(file, BenchCaptureGenerator.DEMO_SIZE, 1, true);
        assertThat(sha256(file)).isEqualTo("5a85d60a38b2781121b56a8b8f3d104006e318376b7d6df9774215b833593c19");
    }

    @Test
    void manyFlowsFileIsByteForByteTheOneBeforeTheSharedGenerator() throws IOException {
        Path file = dir.resolve("flows.pcap");
        ManyFlowsGenerator.generate(file, 5_000, 3, 8, 5);
        assertThat(sha256(file)).isEqualTo("f45148607a8c4109ff0e89514f907261beaeb60d4dcc84246a4157175524a623");
    }

    static String sha256(Path file) throws IOException {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError("every JDK has SHA-256", e);
        }
    }
}
