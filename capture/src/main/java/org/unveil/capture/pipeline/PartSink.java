package org.unveil.capture.pipeline;

import java.io.IOException;
import org.unveil.capture.Packet;
import org.unveil.capture.decode.PacketLayers;

/**
 * A sink for one part of a split file that may need the records just past its part's end: what straddles the
 * boundary (an HTTP head split over segments) is then seen whole. Those records are the next part's to count;
 * they come undecoded by the statistics and unreported by the problems.
 */
public interface PartSink extends PacketSink {
    /** Bytes past its part's end this sink still wants to see, asked once its part is read (0: none). */
    long lookAhead();

    /** A packet past the part's end; returns whether the sink wants more. */
    boolean following(Packet packet, PacketLayers layers) throws IOException;
}
