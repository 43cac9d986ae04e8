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
 * The benchmark files are a contract (bench/run's numbers are measured on them), so any change to a single byte
 * of their output fails here. The many-flows digest is the one from before the shared generator module (main at
 * 12355f8); the bench and demo digests are those since bench writes its ClientHellos with the shared writer and
 * keeps time with the shared TCP clock (bench/README.md says what changed and why).
 */
class GoldenCaptureTest {
    @TempDir
    Path dir;

    @Test
    void benchFileIsByteForByteTheDocumentedOne() throws IOException {
        Path file = dir.resolve("bench.pcap");
        BenchCaptureGenerator.generate(file, 3L << 20, 1, false);
        String seed1 = sha256(file);
        BenchCaptureGenerator.generate(file, 1L << 20, 7, false);
        assertThat(List.of(seed1, sha256(file))).containsExactly("6e16bde580fc1fd8f9c080e8bc71ac40ddb76a2ad5606c669b336e9914e5e8e9", "79c810a5ea1e6d26eaadbf12fc4cc7533935d2e19c4a27ab8d8df5e98a8de29b");
    }

    @Test
    void demoFileIsByteForByteTheDocumentedOne() throws IOException {
        Path file = dir.resolve("demo.pcap");
        BenchCaptureGenerator.generate(file, BenchCaptureGenerator.DEMO_SIZE, 1, true);
        assertThat(sha256(file)).isEqualTo("1e82f5454185f578f79ff5a4877b4b6da8add95baa54d8f997fc0e37ae91d6af");
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
