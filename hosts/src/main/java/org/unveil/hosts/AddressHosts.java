package org.unveil.hosts;

import java.util.List;

/**
 * The hosts found behind one address, and which host each of its flows came from.
 *
 * @param flows the address's flows in order of first packet
 * @param hostOf index into {@code hosts} for each flow held in memory, -1 where no host took it (see
 *     {@link #hostOf(int)}, which covers every flow)
 * @param confidence how sure each such flow's attribution is, 0..1 (see {@link #confidence(int)})
 * @param approximations where the memory budget or the number of hosts made inference approximate, one line
 *     each naming the address; empty when every flow was clustered as usual
 * @param beyond the flows past the clustering budget that were kept on disk, or null when there are none; they
 *     end {@link #flows} and are readable while the pass's outputs are written
 */
public record AddressHosts(String address, int hostCount, int hostCountLow, int hostCountHigh, List<HostProfile> hosts,
        List<FlowEvidence> flows, int[] hostOf, double[] confidence, List<String> approximations,
        BeyondBudget beyond) {

    public AddressHosts(String address, int hostCount, int hostCountLow, int hostCountHigh, List<HostProfile> hosts,
            List<FlowEvidence> flows, int[] hostOf, double[] confidence) {
        this(address, hostCount, hostCountLow, hostCountHigh, hosts, flows, hostOf, confidence, List.of(), null);
    }

    /** The index into {@link #hosts} of the host flow {@code i} came from, -1 where none took it. */
    public int hostOf(int i) {
        return i < hostOf.length ? hostOf[i] : beyond.host(flows.get(i));
    }

    /** How sure the attribution of flow {@code i} is, 0..1. */
    public double confidence(int i) {
        return i < confidence.length ? confidence[i] : beyond.confidence(flows.get(i));
    }

    /**
     * The id of the host flow {@code i} came from, or null where no host took it: multicast, IGMP and lone
     * probes carry nothing of a host's own and make no host where none they could come from is there.
     */
    public String hostId(int i) {
        int h = hostOf(i);
        return h < 0 ? null : hosts.get(h).id();
    }

    /** How many flows no host took (see {@link #hostId}). */
    public int unattributed() {
        int n = 0;
        for (int h : hostOf) {
            n += h < 0 ? 1 : 0;
        }
        // past the budget, a flow alike in nothing still goes to the biggest host: none only without hosts
        return n + (beyond != null && hosts.isEmpty() ? beyond.count() : 0);
    }

    /** Whether any of the result is approximate (see {@link #approximations}). */
    public boolean approximate() {
        return !approximations.isEmpty();
    }
}
