package org.unveil.trace;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Arrays;
import java.util.BitSet;

/**
 * Rebuilds the first bytes of one direction of a TCP connection in sequence order, so that an HTTP head
 * split across segments can be searched whole. Segments may arrive out of order, twice (retransmissions) or
 * overlapping; the first copy of each byte wins, as a receiver keeps what it has. Done once the head's
 * empty line is in the contiguous prefix or the window is full.
 */
public final class HeadAssembler {
    /** How much of each direction is rebuilt: enough for the heads of ordinary requests. */
    public static final int WINDOW = 8192;
    private static final long SEQUENCE_SPACE = 1L << 32;

    private byte[] bytes = new byte[1024]; // grows to WINDOW only for heads that need it
    private final BitSet filled = new BitSet();
    private long base = -1;
    private int contiguous;
    private boolean done;

    /** The SYN fixes where data starts: its sequence number plus one (RFC 9293 section 3.4). */
    public void syn(long sequence) {
        if (base < 0) {
            base = (sequence + 1) % SEQUENCE_SPACE;
        }
    }

    /**
     * Adds a segment's payload.
     *
     * @return true when the contiguous prefix grew (worth searching again)
     */
    public boolean add(long sequence, MemorySegment segment, long offset, int length) {
        if (done || length == 0) {
            return false;
        }
        if (base < 0) {
            base = sequence; // no SYN seen: the first data segment starts the stream
        }
        long relative = (sequence - base + SEQUENCE_SPACE) % SEQUENCE_SPACE;
        if (relative >= WINDOW && relative < SEQUENCE_SPACE - length) {
            return false; // beyond the window (or an old retransmission from before it)
        }
        int from = relative >= WINDOW ? (int) (SEQUENCE_SPACE - relative) : 0; // a segment straddling base
        int start = relative >= WINDOW ? 0 : (int) relative;
        int before = contiguous;
        for (int i = from; i < length && start + i - from < WINDOW; i++) {
            int at = start + i - from;
            if (at >= bytes.length) {
                bytes = Arrays.copyOf(bytes, Math.min(WINDOW, Math.max(bytes.length * 2, at + 1)));
            }
            if (!filled.get(at)) {
                bytes[at] = segment.get(ValueLayout.JAVA_BYTE, offset + i);
                filled.set(at);
            }
        }
        contiguous = filled.nextClearBit(contiguous);
        if (contiguous >= WINDOW || headEnded()) {
            done = true;
        }
        return contiguous > before;
    }

    private boolean headEnded() {
        for (int i = 3; i < contiguous; i++) {
            if (bytes[i] == '\n' && bytes[i - 1] == '\r' && bytes[i - 2] == '\n' && bytes[i - 3] == '\r') {
                return true;
            }
        }
        return false;
    }

    public boolean done() {
        return done;
    }

    /** The in-order bytes rebuilt so far: a view, valid until the next {@link #add}. */
    public MemorySegment prefix() {
        return MemorySegment.ofArray(bytes).asSlice(0, contiguous);
    }

    public int length() {
        return contiguous;
    }
}
