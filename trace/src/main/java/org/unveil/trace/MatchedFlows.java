package org.unveil.trace;

import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.unveil.capture.decode.PacketLayers;
import org.unveil.capture.flow.FlowKey;
import org.unveil.capture.flow.FlowTable;

/** Picks out the packets of given connections in a later pass: one key lookup per new flow, not per packet. */
public final class MatchedFlows {
    private static final byte UNKNOWN = 0;
    private static final byte YES = 1;
    private static final byte NO = 2;

    private final Set<FlowKey> keys;
    private final FlowTable flows = new FlowTable();
    private byte[] verdicts = new byte[1024];

    public MatchedFlows(List<FlowKey> keys) {
        this.keys = new HashSet<>(keys);
    }

    /** Whether a decoded packet belongs to one of the connections. */
    public boolean test(PacketLayers layers) {
        int flow = flows.flowOf(layers);
        if (flow < 0) {
            return false;
        }
        if (flow >= verdicts.length) {
            verdicts = Arrays.copyOf(verdicts, Math.max(verdicts.length * 2, flow + 1));
        }
        if (verdicts[flow] == UNKNOWN) {
            verdicts[flow] = keys.contains(flows.key(flow)) ? YES : NO;
        }
        return verdicts[flow] == YES;
    }
}
