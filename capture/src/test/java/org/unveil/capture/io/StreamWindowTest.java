package org.unveil.capture.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.foreign.ValueLayout;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.unveil.capture.Payloads;

class StreamWindowTest {
    private static final byte[] DATA = Payloads.pattern(6_000_000, 9);

    private static byte[] read(StreamWindow window, long position, int length) {
        return window.segment().asSlice(position - window.base(), length).toArray(ValueLayout.JAVA_BYTE);
    }

    /** Hands out at most 3 bytes per read and skips nothing: the slowest stream a window must cope with. */
    private static InputStream stingy(byte[] bytes) {
        return new FilterInputStream(new ByteArrayInputStream(bytes)) {
            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                return super.read(b, off, Math.min(len, 3));
            }

            @Override
            public long skip(long n) {
                return 0;
            }
        };
    }

    @Test
    void requiredRangesReadTheStreamInOrder() throws IOException {
        try (StreamWindow window = new StreamWindow(stingy(DATA), 1 << 20)) {
            long position = 0;
            for (int length : new int[] {4, 20, 1, 1000, 65_536, 3}) {
                assertThat(window.require(position, length)).isEqualTo(length);
                assertThat(read(window, position, length))
                        .containsExactly(Arrays.copyOfRange(DATA, (int) position, (int) position + length));
                position += length;
            }
            assertThat(window.size()).isEqualTo(-1);
            assertThat(window.endProblem()).isNull();
        }
    }

    @Test
    void rangeLargerThanTheInitialBufferGrowsIt() throws IOException {
        try (StreamWindow window = new StreamWindow(new ByteArrayInputStream(DATA), 4 << 20)) {
            assertThat(window.require(10, 3_000_000)).isEqualTo(3_000_000);
            assertThat(read(window, 10, 3_000_000)).containsExactly(Arrays.copyOfRange(DATA, 10, 3_000_010));
        }
    }

    @Test
    void jumpingPastUnreadBytesSkipsThem() throws IOException {
        try (StreamWindow window = new StreamWindow(stingy(DATA), 1 << 20)) {
            assertThat(window.require(0, 10)).isEqualTo(10);
            assertThat(window.require(5_000_000, 16)).isEqualTo(16);
            assertThat(read(window, 5_000_000, 16)).containsExactly(Arrays.copyOfRange(DATA, 5_000_000, 5_000_016));
        }
    }

    @Test
    void rangeRunningPastTheEndGivesWhatThereIsWithoutAProblem() throws IOException {
        try (StreamWindow window = new StreamWindow(new ByteArrayInputStream(DATA), 1 << 20)) {
            assertThat(window.require(DATA.length - 5, 16)).isEqualTo(5);
            assertThat(read(window, DATA.length - 5, 5)).containsExactly(Arrays.copyOfRange(DATA, DATA.length - 5,
                    DATA.length));
            assertThat(window.require(DATA.length, 16)).isZero();
            assertThat(window.endProblem()).isNull();
        }
    }

    @Test
    void streamFailingMidwayEndsTheInputAndSaysWhy() throws IOException {
        InputStream failing = new InputStream() {
            private int served;

            @Override
            public int read() throws IOException {
                if (served == 100) {
                    throw new EOFException("Unexpected end of ZLIB input stream");
                }
                return DATA[served++] & 0xFF;
            }
        };
        try (StreamWindow window = new StreamWindow(failing, 1 << 20)) {
            assertThat(window.require(0, 64)).isEqualTo(64);
            assertThat(window.require(64, 64)).isEqualTo(36);
            assertThat(window.endProblem()).isEqualTo("the input broke off after 100 bytes: Unexpected end of ZLIB input stream");
        }
    }

    @Test
    void looksBackOnlyAtBytesStillBufferedAndRefusesRangesLargerThanItsLargestRecord() throws IOException {
        try (StreamWindow window = new StreamWindow(stingy(DATA), 1000)) {
            window.require(0, 10);
            window.require(2000, 10);
            // nothing needed the room yet, so the bytes before 2000 are still there (resync relies on it)
            assertThat(window.require(1000, 10)).isEqualTo(10);
            assertThat(window.segment().get(java.lang.foreign.ValueLayout.JAVA_BYTE, 1000 - window.base()))
                    .isEqualTo(DATA[1000]);
            assertThatThrownBy(() -> window.require(3000, 1001)).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void closeClosesTheStream() throws IOException {
        AtomicBoolean closed = new AtomicBoolean();
        InputStream in = new ByteArrayInputStream(DATA) {
            @Override
            public void close() {
                closed.set(true);
            }
        };
        new StreamWindow(in, 100).close();
        assertThat(closed).isTrue();
    }
}
