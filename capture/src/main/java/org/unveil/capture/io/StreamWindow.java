package org.unveil.capture.io;

import java.io.IOException;
import java.io.InputStream;
import java.lang.foreign.MemorySegment;

/**
 * A window over a stream (stdin, a gzip decompressor) kept in one reusable heap buffer: bytes before the
 * requested position are dropped, so memory is bounded by the largest record, not by the input.
 */
public final class StreamWindow implements ByteWindow {
    private static final int INITIAL = 1 << 20;

    private final InputStream in;
    private final int maxRecord;
    private byte[] buffer = new byte[INITIAL];
    private MemorySegment segment = MemorySegment.ofArray(buffer);
    private long base;
    private int filled;
    private boolean eof;
    private String endProblem;

    /** @param maxRecord the largest range a reader may require; larger requests are refused */
    public StreamWindow(InputStream in, int maxRecord) {
        this.in = in;
        this.maxRecord = maxRecord;
    }

    @Override
    public long require(long position, long length) throws IOException {
        if (position < base) {
            throw new IllegalStateException("stream window cannot move back to " + position);
        }
        long end = position + length;
        if (end <= base + filled) {
            return length;
        }
        if (eof) {
            return Math.max(0, Math.min(length, base + filled - position));
        }
        if (length > maxRecord) {
            throw new IllegalArgumentException("range of " + length + " bytes exceeds " + maxRecord);
        }
        // drop what lies before the range only when the buffer needs the room: a reader may still look
        // back at buffered bytes (resynchronising after damage tries several candidate offsets)
        if (end - base > buffer.length) {
            discardBefore(position);
            if (end - base > buffer.length) {
                grow((int) (end - base));
            }
        }
        fill((int) (end - base));
        return Math.max(0, Math.min(length, base + filled - position));
    }

    private void discardBefore(long position) throws IOException {
        long drop = position - base;
        if (drop <= filled) {
            System.arraycopy(buffer, (int) drop, buffer, 0, filled - (int) drop);
            filled -= (int) drop;
        } else {
            // the reader skipped past what was read (a large block it does not need): skip the stream too
            skipFully(drop - filled);
            filled = 0;
        }
        base = position;
    }

    private void skipFully(long count) throws IOException {
        long left = count;
        while (left > 0 && !eof) {
            long at = base + filled + (count - left);
            long n = skipOrEnd(left, at);
            if (n < 0) {
                break;
            }
            if (n == 0) {
                if (readOrEnd(buffer, 0, 1, at) < 0) {
                    break;
                }
                n = 1;
            }
            left -= n;
        }
    }

    private void grow(int need) {
        int capacity = buffer.length;
        while (capacity < need) {
            capacity *= 2;
        }
        byte[] bigger = new byte[capacity];
        System.arraycopy(buffer, 0, bigger, 0, filled);
        buffer = bigger;
        segment = MemorySegment.ofArray(buffer);
    }

    private void fill(int need) throws IOException {
        while (filled < need && !eof) {
            int n = readOrEnd(buffer, filled, buffer.length - filled, base + filled);
            if (n > 0) {
                filled += n;
            }
        }
    }

    /**
     * Reads, turning a stream that breaks off (a damaged gzip file, a failing pipe) into a recorded end.
     * The bytes of earlier reads stay in the buffer: a fill keeps every piece it got before the failure.
     */
    private int readOrEnd(byte[] into, int from, int length, long at) {
        try {
            int n = in.read(into, from, length);
            if (n < 0) {
                eof = true;
            }
            return n;
        } catch (IOException e) {
            broke(e, at);
            return -1;
        }
    }

    /** Skips as InputStream.skip does (0 when it cannot), recording a failure as the end of input. */
    private long skipOrEnd(long count, long at) {
        try {
            return in.skip(count);
        } catch (IOException e) {
            broke(e, at);
            return -1;
        }
    }

    /** Records why the stream ended, which broke at input offset {@code at}. */
    private void broke(IOException e, long at) {
        eof = true;
        if (e instanceof GzipInput.Damage) {
            endProblem = e.getMessage(); // already says where, in plain words
        } else {
            String why = e.getMessage() == null || e.getMessage().isBlank() ? "a read error" : e.getMessage();
            endProblem = "the input broke off after " + at + " bytes: " + why;
        }
    }

    @Override
    public String endProblem() {
        return endProblem;
    }

    @Override
    public MemorySegment segment() {
        return segment;
    }

    @Override
    public long base() {
        return base;
    }

    @Override
    public long size() {
        return -1;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
