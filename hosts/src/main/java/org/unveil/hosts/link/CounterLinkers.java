package org.unveil.hosts.link;

import java.util.List;
import org.unveil.hosts.FlowEvidence;
import org.unveil.hosts.evidence.IpidTrack;

/** The two counters Bellovin's method follows across flows: IP identification and source port. */
public final class CounterLinkers {
    /**
     * A busy host sends a few thousand packets a second; a counter of one destination moves only with what the
     * host sends there, which passes the capture too, so it continues almost exactly; a little drift allows for
     * destinations that share a counter (stacks hash them into buckets).
     */
    private static final SequenceLinker IPID = new SequenceLinker("ipid-sequence", true, 65536, 16, 2000, 20,
            SequenceScope::ipid, f -> f.ipid().first(), f -> f.ipid().last());
    /**
     * Ephemeral ports advance by one (Windows) or by small even steps per destination (Linux 5.12+, with
     * occasional jumps); a few per second at most.
     */
    private static final SequenceLinker PORTS = new SequenceLinker("source-port-sequence", false, 65536, 8, 4, 4,
            SequenceScope::ports, FlowEvidence::clientPort, FlowEvidence::clientPort);

    private CounterLinkers() {
    }

    /**
     * Flows too short to show a counter (a DNS query and its answer) still take part: one value can continue
     * a host's sequence. Only flows that count themselves can break one.
     */
    public static List<Edge> ipid(List<FlowEvidence> flows) {
        return IPID.link(flows, f -> f.ipid() != null && (counts(f) || f.ipid().kind() == IpidTrack.Kind.UNKNOWN),
                CounterLinkers::counts);
    }

    private static boolean counts(FlowEvidence f) {
        return f.ipid() != null && (f.ipid().kind() == IpidTrack.Kind.COUNTER
                || f.ipid().kind() == IpidTrack.Kind.SWAPPED_COUNTER);
    }

    public static List<Edge> sourcePorts(List<FlowEvidence> flows) {
        return PORTS.link(flows, f -> f.protocol() == 6 && f.syn() != null, f -> false);
    }
}
