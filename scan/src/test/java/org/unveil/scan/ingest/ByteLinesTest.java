package org.unveil.scan.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Lines cut from a stream in a small buffer, so that lines cross its edges; the expected lines are written out. */
class ByteLinesTest {
    private static List<String> lines(String text, int buffer, InputStream in) throws IOException {
        ByteLines lines = new ByteLines(in == null ? new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8))
                : in, buffer);
        List<String> out = new ArrayList<>();
        while (lines.next()) {
            out.add(lines.tooLong() ? "<too long>" : Fields.text(lines.bytes(), lines.from(), lines.to()));
        }
        return out;
    }

    @Test
    void linesCrossingTheBufferComeWhole() throws IOException {
        assertThat(lines("abc\ndefgh\r\n\nij\nklmnop\nq", 8, null))
                .containsExactly("abc", "defgh", "", "ij", "klmnop", "q");
    }

    @Test
    void aLineLongerThanTheBufferIsSkippedAndFlagged() throws IOException {
        assertThat(lines("ab\n0123456789abcdef0123\ncd\n", 8, null)).containsExactly("ab", "<too long>", "cd");
        assertThat(lines("ab\n0123456789abcdef", 8, null)).containsExactly("ab", "<too long>");
    }

    @Test
    void aStreamGivingOneByteAtATimeReadsTheSame() throws IOException {
        byte[] text = "saddr,sport\n192.0.2.1,80\r\n192.0.2.2,443".getBytes(StandardCharsets.US_ASCII);
        InputStream trickle = new InputStream() {
            private int at;

            @Override
            public int read() {
                return at < text.length ? text[at++] : -1;
            }

            @Override
            public int read(byte[] b, int off, int len) {
                if (at >= text.length) {
                    return -1;
                }
                b[off] = text[at++];
                return 1;
            }
        };
        assertThat(lines(null, 16, trickle)).containsExactly("saddr,sport", "192.0.2.1,80", "192.0.2.2,443");
    }

    @Test
    void anEmptyStreamHasNoLine() throws IOException {
        assertThat(lines("", 8, null)).isEmpty();
    }
}
