package org.unveil.hosts.link;

import java.util.List;
import org.unveil.hosts.FlowEvidence;

/** One way of linking an address's flows: it reads them and adds its edges, and what else it learns, to a run. */
@FunctionalInterface
public interface Linker {
    /** {@code flows} are in order of first packet. */
    void link(List<FlowEvidence> flows, AddressLinks into);
}
