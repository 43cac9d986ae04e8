package org.unveil.capture.oracle;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;

/**
 * The public captures in {@code ../shared/corpus} beside the repository (or {@code $UNVEIL_CORPUS}). Tests
 * that need it are skipped, with a message saying so, where it is absent.
 */
public final class Corpus {
    private Corpus() {
    }

    public static Path root() {
        String override = System.getenv("UNVEIL_CORPUS");
        if (override != null) {
            return Path.of(override);
        }
        // surefire runs in the module folder: the repository is its parent, shared/ is beside the repository
        Path dir = Path.of("").toAbsolutePath();
        for (int up = 0; up < 4 && dir != null; up++, dir = dir.getParent()) {
            Path candidate = dir.resolve("shared").resolve("corpus");
            if (Files.isDirectory(candidate)) {
                return candidate;
            }
        }
        return Path.of("..", "..", "shared", "corpus").toAbsolutePath().normalize();
    }

    /**
     * About {@code count} small files (under 256 KiB) of the corpus, every k-th in name order so that they span
     * its formats and link types; none where the corpus is absent.
     */
    public static List<byte[]> seedFiles(int count) throws IOException {
        Path root = root();
        if (!Files.isDirectory(root)) {
            return List.of();
        }
        try (Stream<Path> files = Files.walk(root)) {
            List<Path> small = files.filter(Files::isRegularFile).filter(p -> !p.toString().endsWith(".md"))
                    .filter(p -> p.toFile().length() < 256 * 1024).sorted().toList();
            List<byte[]> loaded = new java.util.ArrayList<>();
            int step = Math.max(1, small.size() / count);
            for (int i = 0; i < small.size(); i += step) {
                loaded.add(Files.readAllBytes(small.get(i)));
            }
            return loaded;
        }
    }

    /** The corpus folder, or a skipped test when it is absent. */
    public static Path require() {
        Path root = root();
        Assumptions.assumeTrue(Files.isDirectory(root),
                "capture corpus not found at " + root + " (set UNVEIL_CORPUS); skipping corpus tests");
        return root;
    }

    /** Every capture file in the corpus (all folders), sorted. */
    static List<Path> allCaptures() throws IOException {
        try (Stream<Path> files = Files.walk(require())) {
            return files.filter(Files::isRegularFile).filter(p -> !p.getFileName().toString().endsWith(".md"))
                    .sorted().toList();
        }
    }
}
