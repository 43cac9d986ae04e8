package org.unveil.capture.pipeline;

import java.io.IOException;
import org.unveil.capture.Packet;
import org.unveil.capture.decode.PacketLayers;

/** Receives each packet the pipeline decoded, in capture order; both objects are reused for the next packet. */
@FunctionalInterface
public interface PacketSink {
    void add(Packet packet, PacketLayers layers) throws IOException;
}
