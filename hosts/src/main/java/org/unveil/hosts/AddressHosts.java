package org.unveil.hosts;

import java.util.List;

/**
 * The hosts found behind one address, and which host each of its flows came from.
 *
 * @param flows the address's flows in order of first packet
 * @param hostOf index into {@code hosts} for each flow
 * @param confidence how sure each flow's attribution is, 0..1
 */
public record AddressHosts(String address, int hostCount, int hostCountLow, int hostCountHigh, List<HostProfile> hosts,
        List<FlowEvidence> flows, int[] hostOf, double[] confidence) {
}
