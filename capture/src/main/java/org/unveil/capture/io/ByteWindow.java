package org.unveil.capture.io;

import java.io.IOException;
import java.lang.foreign.MemorySegment;

/**
 * A forward-moving window onto an input of bytes. Readers ask for a range with {@link #require} and then
 * read it from {@link #segment()} at {@code position - base()}; the range stays valid until the next
 * {@code require}. Mapped files and streams (gzip, stdin) look the same to a reader this way.
 */
public sealed interface ByteWindow extends AutoCloseable permits MappedFileWindow, StreamWindow {

    /**
     * Makes {@code [position, position + length)} readable. Positions only move forward: a range that
     * starts before an earlier required position may be gone.
     *
     * @return how many of the requested bytes are available: {@code length}, or fewer at the end of input
     */
    long require(long position, long length) throws IOException;

    /** The bytes of the window; byte 0 is input offset {@link #base()}. */
    MemorySegment segment();

    long base();

    /** Why the input ended early (a damaged compressed stream), or null when it simply ended. */
    default String endProblem() {
        return null;
    }

    /** Input size when known up front, else -1. */
    long size();

    @Override
    void close() throws IOException;
}
