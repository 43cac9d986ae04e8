package org.unveil.capture.pipeline;

import java.io.IOException;
import org.unveil.capture.Packet;
import org.unveil.capture.decode.DecodeStatistics;
import org.unveil.capture.decode.PacketLayers;

/** Receives each packet the pipeline decoded, in capture order; both objects are reused for the next packet. */
@FunctionalInterface
public interface PacketSink {
    void add(Packet packet, PacketLayers layers) throws IOException;

    /**
     * Adds to its part's decode statistics the packets this sink was given and left out ({@link
     * DecodeStatistics#unused}), once its part is read, so that the file's note says so; most sinks use all.
     */
    default void unusedInto(DecodeStatistics statistics) {
    }
}
