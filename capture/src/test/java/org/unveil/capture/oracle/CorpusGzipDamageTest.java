package org.unveil.capture.oracle;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.unveil.capture.CaptureException;
import org.unveil.capture.CaptureProblem;
import org.unveil.capture.Fixtures;
import org.unveil.capture.Frame;
import org.unveil.capture.Reading;
import org.unveil.capture.ZcatRecovery;

/**
 * Corpus captures gzip-compressed and then cut short or with a byte flipped after the gzip header: each
 * gives exactly the packets of the bytes zcat-style recovery keeps, and says that the gzip data broke.
 */
class CorpusGzipDamageTest {
    private static final int FILES = 50;
    private static final int TRIES = 500;

    @TempDir
    Path dir;

    /** The frames and the problem and error texts of one reading, or of its refusal to open. */
    private record Outcome(List<Frame> frames, List<CaptureProblem> problems, String refusal) {
        static Outcome of(Path file) throws IOException {
            try {
                Reading read = Reading.of(file);
                return new Outcome(read.frames(), read.problems(), null);
            } catch (CaptureException e) {
                return new Outcome(List.of(), List.of(), e.getMessage());
            }
        }

        String text() {
            return problems.stream().map(CaptureProblem::message).toList() + (refusal == null ? "" : " " + refusal);
        }
    }

    @Test
    void damagedGzipCorpusCapturesKeepEveryPacketBeforeTheDamage() throws IOException {
        List<byte[]> gzipped = new ArrayList<>();
        List<Path> small = Corpus.allCaptures().stream().filter(p -> p.toFile().length() < 256 * 1024)
                .filter(p -> p.toFile().length() > 100).toList();
        for (int i = 0; i < small.size(); i += Math.max(1, small.size() / FILES)) {
            gzipped.add(Fixtures.gzip(Files.readAllBytes(small.get(i))));
        }
        Random random = new Random(0x6712);
        List<String> lost = new ArrayList<>();
        for (int trial = 0; trial < TRIES; trial++) {
            byte[] gz = gzipped.get(random.nextInt(gzipped.size()));
            int at = random.nextInt(ZcatRecovery.GZIP_HEADER, gz.length);
            boolean cut = random.nextBoolean();
            byte[] damaged = cut ? Arrays.copyOf(gz, at) : gz.clone();
            if (!cut) {
                damaged[at] ^= (byte) random.nextInt(1, 256);
            }
            String what = "trial " + trial + (cut ? ": cut at " : ": flipped byte ") + at + " of " + gz.length;
            byte[] recovered = ZcatRecovery.of(damaged);
            Outcome expected = Outcome.of(Files.write(dir.resolve("recovered"), recovered));
            Outcome read = Outcome.of(Files.write(dir.resolve("damaged"), damaged));

            if (!read.frames().equals(expected.frames())) {
                lost.add(what + ": " + read.frames().size() + " packets, zcat recovers " + expected.frames().size());
            }
            assertThat(read.text()).as(what).doesNotContain("null").doesNotContain("Exception");
            // the reader saw the gzip damage, unless the recovered bytes ended its reading on their own
            boolean stoppedByItself = expected.problems().stream().anyMatch(CaptureProblem::fatal)
                    && read.problems().stream().filter(CaptureProblem::fatal).toList()
                            .equals(expected.problems().stream().filter(CaptureProblem::fatal).toList());
            if (!stoppedByItself && expected.refusal() == null) {
                assertThat(read.text()).as(what).contains("gzip data damaged after " + recovered.length + " bytes");
            }
        }
        assertThat(lost).isEmpty();
    }
}
