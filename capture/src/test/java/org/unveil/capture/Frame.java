package org.unveil.capture;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * A packet as a value: what a builder wrote (the ground truth) or a copy of what a reader delivered.
 * The bytes are kept as hex so that records compare by content and failures print readably.
 */
public record Frame(long number, long timestampNanos, int capturedLength, int originalLength, int linkType,
        int interfaceId, long fileOffset, String hex) {

    /** Copies a delivered packet; its bytes are only valid until the reader's next call. */
    public static Frame of(Packet p) {
        return new Frame(p.number(), p.timestampNanos(), p.capturedLength(), p.originalLength(), p.linkType(),
                p.interfaceId(), p.fileOffset(), HexFormat.of().formatHex(p.copyBytes()));
    }

    public static Frame expected(long number, long timestampNanos, int capturedLength, int originalLength,
            int linkType, int interfaceId, long fileOffset, byte[] bytes) {
        return new Frame(number, timestampNanos, capturedLength, originalLength, linkType, interfaceId, fileOffset,
                HexFormat.of().formatHex(bytes));
    }

    public Frame withNumber(long n) {
        return new Frame(n, timestampNanos, capturedLength, originalLength, linkType, interfaceId, fileOffset, hex);
    }

    /** The frame with its number blanked, for comparing readers that number independently. */
    public Frame unnumbered() {
        return withNumber(0);
    }

    /** Renumbers frames 1, 2, 3... as a reader numbers the packets it delivers. */
    public static List<Frame> renumber(List<Frame> frames) {
        List<Frame> out = new ArrayList<>(frames.size());
        for (Frame f : frames) {
            out.add(f.withNumber(out.size() + 1));
        }
        return out;
    }
}
