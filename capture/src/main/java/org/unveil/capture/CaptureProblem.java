package org.unveil.capture;

/**
 * Damage found while reading a capture that the reader reported and went past (or stopped at, when
 * {@code fatal}): which source, at which byte offset, and what was wrong.
 */
public record CaptureProblem(String source, long offset, String message, boolean fatal) {

    /** The one-line form used on stderr: {@code file: byte N: what}. */
    @Override
    public String toString() {
        return source + ": byte " + offset + ": " + message;
    }
}
