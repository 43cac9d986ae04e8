package org.unveil.balance.traffic;

import org.unveil.balance.SimPacket;

/** Takes packets in virtual-time order, as a source pushes them; the packet is reused for the next one. */
@FunctionalInterface
public interface TrafficSink {
    void add(SimPacket packet);
}
