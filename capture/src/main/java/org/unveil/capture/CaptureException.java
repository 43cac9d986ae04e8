package org.unveil.capture;

import java.io.IOException;

/** Input that cannot be read as a capture at all: says which source, at which byte, and what is wrong. */
public final class CaptureException extends IOException {
    private final String source;
    private final long offset;

    public CaptureException(String source, long offset, String problem) {
        super(source + ": byte " + offset + ": " + problem);
        this.source = source;
        this.offset = offset;
    }

    public String source() {
        return source;
    }

    public long offset() {
        return offset;
    }
}
