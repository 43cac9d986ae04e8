package org.unveil.capture.io;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.lang.foreign.ValueLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.unveil.capture.Payloads;

/**
 * Reads a sparse 5 GiB file (no disk is used for its holes) through the window: eight-byte marks written at
 * offsets that matter to 32-bit arithmetic (2^31 and 2^32, straddled) and at the very end must come back.
 */
class MappedFileWindowTest {
    private static final long SIZE = 5L << 30;
    private static final long[] MARKS = {
            0, (1L << 31) - 4, (1L << 31) + 100, (1L << 32) - 3, (1L << 32) + 5, (1L << 32) + 12_345, SIZE - 8};

    @TempDir
    static Path dir;
    static Path sparse;

    /** Eight bytes that say which mark they are. */
    private static byte[] mark(int i) {
        byte[] b = new byte[8];
        for (int j = 0; j < 8; j++) {
            b[j] = (byte) (0xA0 + i * 8 + j);
        }
        return b;
    }

    @BeforeAll
    static void writeSparseFile() throws IOException {
        sparse = dir.resolve("sparse.bin");
        try (RandomAccessFile file = new RandomAccessFile(sparse.toFile(), "rw")) {
            file.setLength(SIZE);
            for (int i = 0; i < MARKS.length; i++) {
                file.seek(MARKS[i]);
                file.write(mark(i));
            }
        }
    }

    @ParameterizedTest(name = "chunk {0}")
    @ValueSource(longs = {MappedFileWindow.DEFAULT_CHUNK, 4096, 5})
    void readsMarksPastTwoAndFourGibibytesAndAtTheEnd(long chunk) throws IOException {
        try (MappedFileWindow window = new MappedFileWindow(sparse, chunk)) {
            assertThat(window.size()).isEqualTo(SIZE);
            for (int i = 0; i < MARKS.length; i++) {
                assertThat(window.require(MARKS[i], 8)).as("mark at %d", MARKS[i]).isEqualTo(8);
                assertThat(window.base()).isLessThanOrEqualTo(MARKS[i]);
                byte[] got = window.segment().asSlice(MARKS[i] - window.base(), 8).toArray(ValueLayout.JAVA_BYTE);
                assertThat(got).as("mark at %d", MARKS[i]).containsExactly(mark(i));
            }
        }
    }

    @Test
    void rangeRunningPastTheEndGivesWhatThereIsAndPastTheEndNothing() throws IOException {
        try (MappedFileWindow window = new MappedFileWindow(sparse)) {
            assertThat(window.require(SIZE - 4, 8)).isEqualTo(4);
            assertThat(window.segment().get(ValueLayout.JAVA_BYTE, SIZE - 4 - window.base()))
                    .isEqualTo(mark(MARKS.length - 1)[4]);
            assertThat(window.require(SIZE, 1)).isZero();
            assertThat(window.require(SIZE + 100, 16)).isZero();
        }
    }

    @Test
    void rangeLongerThanTheChunkIsMappedWhole() throws IOException {
        Path file = Files.write(dir.resolve("small.bin"), Payloads.pattern(1000, 3));
        try (MappedFileWindow window = new MappedFileWindow(file, 16)) {
            assertThat(window.require(100, 500)).isEqualTo(500);
            assertThat(window.segment().asSlice(100 - window.base(), 500).toArray(ValueLayout.JAVA_BYTE))
                    .containsExactly(Arrays.copyOfRange(Payloads.pattern(1000, 3), 100,
                            600));
            assertThat(window.require(990, 500)).isEqualTo(10);
        }
    }
}
