package org.unveil.capture;

import java.io.IOException;

/** Reads the packets of one capture in order, reusing the caller's {@link Packet}. */
public interface CaptureReader extends AutoCloseable {

    /**
     * Moves to the next packet. Damage that can be skipped goes to the reader's {@link ProblemListener};
     * damage that ends the input is reported there as fatal and ends the sequence.
     *
     * @return false at the end of the input
     */
    boolean next(Packet packet) throws IOException;

    CaptureFormat format();

    /**
     * Whether any of the input proved readable: an intact structure beyond the magic number (the pcap file
     * header; a pcapng block whose trailer repeats its length). Read to the end, a reader answering false found
     * nothing but damage, which a caller reports like an input that could not be opened.
     */
    boolean readAnything();

    /** The source name used in messages (the path, or "-" for stdin). */
    String source();

    /** Bytes of input consumed so far (uncompressed bytes for gzip input). */
    long position();

    /** Total input size when known up front (a plain file), else -1. */
    long size();

    /** Link types of the interfaces seen so far, in the order they were declared. */
    int[] linkTypes();

    @Override
    void close() throws IOException;
}
