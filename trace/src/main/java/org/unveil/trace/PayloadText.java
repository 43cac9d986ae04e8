package org.unveil.trace;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * A packet payload seen as text (one byte, one char, ISO-8859-1) without copying, so java.util.regex can run
 * over captured bytes directly. Reused: {@link #wrap} points it at the next payload.
 */
final class PayloadText implements CharSequence {
    private MemorySegment segment = MemorySegment.NULL;
    private long offset;
    private int length;

    PayloadText wrap(MemorySegment segment, long offset, int length) {
        this.segment = segment;
        this.offset = offset;
        this.length = length;
        return this;
    }

    @Override
    public int length() {
        return length;
    }

    @Override
    public char charAt(int index) {
        if (index < 0 || index >= length) {
            throw new IndexOutOfBoundsException(index);
        }
        return (char) (segment.get(ValueLayout.JAVA_BYTE, offset + index) & 0xFF);
    }

    @Override
    public CharSequence subSequence(int start, int end) {
        return toString(start, end);
    }

    String toString(int start, int end) {
        StringBuilder out = new StringBuilder(end - start);
        for (int i = start; i < end; i++) {
            out.append(charAt(i));
        }
        return out.toString();
    }

    @Override
    public String toString() {
        return toString(0, length);
    }
}
