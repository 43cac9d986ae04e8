package org.unveil.capture;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.unveil.capture.Fixtures.Fixture;

/**
 * Maps every fixture in chunks so small that records, record headers and blocks straddle chunk boundaries
 * at every possible point, and requires the same packets and problems as the builder's list and as a
 * reading with the default 16 MiB chunk (which holds each fixture whole).
 */
class ChunkBoundaryTest {
    /** 1 byte; primes that never align; the 16- and 24-byte record headers; small and page-sized chunks. */
    private static final long[] CHUNKS = {1, 3, 7, 16, 24, 64, 4096};

    @TempDir
    Path dir;

    static Stream<Arguments> fixturesAndChunks() {
        List<Arguments> all = new ArrayList<>();
        for (Fixture f : Fixtures.all()) {
            for (long chunk : CHUNKS) {
                all.add(Arguments.of(f, chunk));
            }
        }
        return all.stream();
    }

    @ParameterizedTest(name = "{0} in chunks of {1}")
    @MethodSource("fixturesAndChunks")
    void tinyChunksGiveEveryPacketAndProblemAsTheBuilderAndTheWholeFileDo(Fixture fixture, long chunk)
            throws IOException {
        Path file = fixture.write(dir);

        Reading whole = Reading.of(file);
        Reading chunked = Reading.of(file, chunk);

        assertThat(whole.frames()).containsExactlyElementsOf(fixture.frames());
        assertThat(chunked.frames()).containsExactlyElementsOf(fixture.frames());
        assertThat(chunked.problems()).containsExactlyElementsOf(whole.problems());
    }
}
