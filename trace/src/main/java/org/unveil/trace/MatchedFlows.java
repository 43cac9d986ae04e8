package org.unveil.trace;

import org.unveil.capture.decode.PacketLayers;
import org.unveil.capture.flow.FlowKey;
import org.unveil.capture.flow.FlowTable;

/**
 * Picks out the packets of given connections in a later pass: one lookup per packet in a table of only those
 * connections, so memory follows the connections chosen, not the capture's.
 */
public final class MatchedFlows {
    /** What the table holds per connection at most, its slots and doubling included. */
    public static final int BYTES_PER_KEY = 128;

    private final FlowTable flows = new FlowTable();

    /** Chooses one more connection. */
    public void add(FlowKey key) {
        flows.add(key);
    }

    /** Connections chosen. */
    public int size() {
        return flows.size();
    }

    /** Whether a decoded packet belongs to one of the connections. */
    public boolean test(PacketLayers layers) {
        return flows.existingFlowOf(layers) >= 0;
    }
}
