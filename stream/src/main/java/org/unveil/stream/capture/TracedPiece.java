package org.unveil.stream.capture;

import java.util.Comparator;
import org.unveil.trace.ConnectionPiece;

/**
 * One connection's piece as a part's tracer saw it, with the part it came from: a connection's pieces are folded
 * in input order, files in order, each file's parts in order, each tracer's pieces in its order.
 */
public record TracedPiece(int part, ConnectionPiece piece) {
    /** Input order, as the one-machine merge takes a connection's pieces. */
    public static final Comparator<TracedPiece> INPUT_ORDER = Comparator
            .comparingInt((TracedPiece p) -> p.piece().fileIndex())
            .thenComparingInt(TracedPiece::part)
            .thenComparingLong(p -> p.piece().order());
}
