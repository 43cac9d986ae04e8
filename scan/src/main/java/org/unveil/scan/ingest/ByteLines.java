package org.unveil.scan.ingest;

import java.io.IOException;
import java.io.InputStream;

/**
 * The lines of a byte stream, one at a time in one reused buffer: reading a file of any size allocates nothing per
 * line and holds at most {@link #BUFFER} bytes. A line ends at '\n' (a '\r' before it is dropped); a line longer than
 * the buffer is skipped to its end and flagged, rather than grown into memory.
 */
final class ByteLines {
    /** The buffer, and so the longest line read: zmap's and masscan's lines are a few hundred bytes. */
    static final int BUFFER = 1 << 20;

    private final InputStream in;
    private final byte[] buf;
    private int pos;
    private int end;
    private boolean eof;
    private int from;
    private int to;
    private boolean tooLong;

    ByteLines(InputStream in) {
        this(in, BUFFER);
    }

    /** With a buffer of {@code size} bytes (tests use small ones to cross its edges). */
    ByteLines(InputStream in, int size) {
        this.in = in;
        this.buf = new byte[size];
    }

    /** Moves to the next line; false at the end of the stream. */
    boolean next() throws IOException {
        tooLong = false;
        while (true) {
            for (int i = pos; i < end; i++) {
                if (buf[i] == '\n') {
                    take(pos, i);
                    pos = i + 1;
                    return true;
                }
            }
            if (eof) {
                if (pos < end) {
                    take(pos, end);
                    pos = end;
                    return true;
                }
                return false;
            }
            if (pos == 0 && end == buf.length) {
                skipLongLine();
                return true;
            }
            fill();
        }
    }

    /** Keeps the unread tail at the buffer's start and reads more after it. */
    private void fill() throws IOException {
        System.arraycopy(buf, pos, buf, 0, end - pos);
        end -= pos;
        pos = 0;
        while (end < buf.length) {
            int n = in.read(buf, end, buf.length - end);
            if (n < 0) {
                eof = true;
                return;
            }
            end += n;
            if (n > 0) {
                return;
            }
        }
    }

    /** A whole buffer without a line end: dropped up to and including the next '\n'. */
    private void skipLongLine() throws IOException {
        tooLong = true;
        from = 0;
        to = 0;
        while (true) {
            pos = 0;
            end = 0;
            fill();
            for (int i = 0; i < end; i++) {
                if (buf[i] == '\n') {
                    pos = i + 1;
                    return;
                }
            }
            if (eof) {
                pos = end;
                return;
            }
        }
    }

    private void take(int start, int stop) {
        from = start;
        to = stop > start && buf[stop - 1] == '\r' ? stop - 1 : stop;
    }

    /** The buffer holding the current line. */
    byte[] bytes() {
        return buf;
    }

    /** Where the current line starts in {@link #bytes()}. */
    int from() {
        return from;
    }

    /** Where it ends (exclusive, without its line end). */
    int to() {
        return to;
    }

    /** The current line was longer than the buffer and is not held. */
    boolean tooLong() {
        return tooLong;
    }
}
