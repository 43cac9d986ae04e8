package org.unveil.hosts.link;

import java.util.List;
import org.unveil.hosts.FlowEvidence;

/**
 * The one registry of linkers host discovery runs over each address's flows. A new kind of link is one entry
 * here, its kind in {@link org.unveil.hosts.evidence.EvidenceKind}. The order is part of the result: a pair's
 * evidence of several kinds is summed in the order the edges came.
 */
public final class Linkers {
    private static final List<Linker> REGISTRY = List.of(
            (flows, into) -> into.clock(TcpClockLinker.link(flows)),
            (flows, into) -> into.ipid(CounterLinkers.ipid(flows)),
            (flows, into) -> into.add(CounterLinkers.sourcePorts(flows)),
            (flows, into) -> into.add(LookupLinker.link(flows)));

    private Linkers() {
    }

    /** Every linker's findings over {@code flows} (in order of first packet). */
    public static AddressLinks link(List<FlowEvidence> flows) {
        AddressLinks links = new AddressLinks();
        for (Linker linker : REGISTRY) {
            linker.link(flows, links);
        }
        return links;
    }
}
