package org.unveil.balance.traffic;

import java.io.IOException;
import org.unveil.balance.SimPacket;

/** A stream of packets in virtual-time order for the simulator: from a capture, a flow log or a generator. */
public interface TrafficSource extends AutoCloseable {

    /**
     * Fills {@code packet} with the next packet.
     *
     * @return false when the stream has ended
     */
    boolean next(SimPacket packet) throws IOException;

    /** Hands every packet left, in order, to {@code sink}. */
    default void playInto(TrafficSink sink) throws IOException {
        SimPacket packet = new SimPacket();
        while (next(packet)) {
            sink.add(packet);
        }
    }

    @Override
    default void close() throws IOException {
    }
}
