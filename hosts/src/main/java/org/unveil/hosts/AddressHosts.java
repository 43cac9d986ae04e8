package org.unveil.hosts;

import java.util.List;

/**
 * The hosts found behind one address, and which host each of its flows came from.
 *
 * @param flows the address's flows in order of first packet
 * @param hostOf index into {@code hosts} for each flow, -1 where no host took it (see {@link #hostId})
 * @param confidence how sure each flow's attribution is, 0..1
 * @param approximations where the memory budget or the number of hosts made inference approximate, one line
 *     each naming the address; empty when every flow was clustered as usual
 */
public record AddressHosts(String address, int hostCount, int hostCountLow, int hostCountHigh, List<HostProfile> hosts,
        List<FlowEvidence> flows, int[] hostOf, double[] confidence, List<String> approximations) {

    public AddressHosts(String address, int hostCount, int hostCountLow, int hostCountHigh, List<HostProfile> hosts,
            List<FlowEvidence> flows, int[] hostOf, double[] confidence) {
        this(address, hostCount, hostCountLow, hostCountHigh, hosts, flows, hostOf, confidence, List.of());
    }

    /**
     * The id of the host flow {@code i} came from, or null where no host took it: multicast, IGMP and lone
     * probes carry nothing of a host's own and make no host where none they could come from is there.
     */
    public String hostId(int i) {
        return hostOf[i] < 0 ? null : hosts.get(hostOf[i]).id();
    }

    /** How many flows no host took (see {@link #hostId}). */
    public int unattributed() {
        int n = 0;
        for (int h : hostOf) {
            n += h < 0 ? 1 : 0;
        }
        return n;
    }

    /** Whether any of the result is approximate (see {@link #approximations}). */
    public boolean approximate() {
        return !approximations.isEmpty();
    }
}
