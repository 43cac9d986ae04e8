package org.unveil.plot.hosts;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.unveil.capture.Packet;
import org.unveil.capture.decode.PacketLayers;
import org.unveil.capture.flow.IpAddresses;
import org.unveil.hosts.AddressRange;
import org.unveil.hosts.EvidenceCollector;
import org.unveil.hosts.FlowEvidence;
import org.unveil.hosts.HostPasses;

/**
 * Books every packet into an {@link EvidenceCollector} and keeps a plot point for each packet a flow's opening
 * host sent, tagged with that flow's index, so that the points can be coloured once the hosts are inferred.
 * One pass, so stdin works too; memory is capped per sample and over all samples.
 */
public final class PacketPoints implements HostPasses.Sink {
    /** Points per plot: enough to show every sequence, small enough for a quick PNG. */
    public static final int DEFAULT_CAP = 200_000;
    /** Points over all addresses of a report. */
    public static final int DEFAULT_BUDGET = 1_000_000;

    private static final String ONE = "";

    private final EvidenceCollector collector;
    private final String address;
    private final boolean perAddress;
    private final PacketFilter filter;
    private final int cap;
    private final Map<String, PointSample> samples = new HashMap<>();
    private int budget;
    private long total;
    private long packets;
    private long firstNanos;

    private PacketPoints(EvidenceCollector collector, String address, boolean perAddress, PacketFilter filter, int cap,
            int budget) {
        this.collector = collector;
        this.address = address;
        this.perAddress = perAddress;
        this.filter = filter;
        this.cap = cap;
        this.budget = budget;
    }

    /** One sample of the packets sent by {@code address} (every address when null) that pass the filter. */
    public static PacketPoints of(EvidenceCollector collector, String address, PacketFilter filter, int cap) {
        return new PacketPoints(collector, address, false, filter, cap, Integer.MAX_VALUE);
    }

    /** One sample per sending address, for a report on all of them. */
    public static PacketPoints perAddress(EvidenceCollector collector, int cap, int budget) {
        return perAddress(collector, null, PacketFilter.ALL, cap, budget);
    }

    /**
     * One sample per sending address ({@code address} only, when not null) of the packets that pass the filter,
     * at most {@code cap} points each and about {@code budget} over all: what a pass over some addresses keeps.
     */
    public static PacketPoints perAddress(EvidenceCollector collector, String address, PacketFilter filter, int cap,
            int budget) {
        return new PacketPoints(collector, address, true, filter, cap, budget);
    }

    /** Books one decoded packet; a sink for a capture pass. */
    @Override
    public void add(Packet packet, PacketLayers layers) {
        collector.add(packet, layers);
        if (packets++ == 0) {
            firstNanos = packet.timestampNanos();
        }
        FlowEvidence flow = collector.lastFromClient();
        if (flow == null || (address != null && !address.equals(flow.client())) || !filter.test(layers)) {
            return;
        }
        PointSample sample = samples.computeIfAbsent(perAddress ? flow.client() : ONE, k -> new PointSample(cap));
        int before = sample.size();
        boolean v4 = layers.ipVersion() == 4;
        sample.offer(packets, packet.timestampNanos(), v4 ? layers.ipv4().identification() : PointSample.NONE,
                layers.hasTcp() && layers.tcp().hasTimestamps() ? layers.tcp().tsval() : PointSample.NONE,
                PacketFilter.sourcePort(layers), v4 ? layers.ipv4().ttl() : layers.ipv6().hopLimit(), flow.index());
        total += sample.size() - before;
        if (total > budget) {
            shrink();
        }
    }

    /** Drops the points of senders outside {@code range}: the pass no longer reports them. */
    @Override
    public void narrowed(AddressRange range) {
        if (perAddress) {
            samples.keySet().removeIf(sender -> {
                long[] a = IpAddresses.parse(sender);
                return !range.contains(a[0], a[1]);
            });
            total = samples.values().stream().mapToLong(PointSample::size).sum();
        }
    }

    private void shrink() {
        total = 0;
        for (PointSample s : samples.values()) {
            if (s.size() > 1) {
                s.halve();
            }
            total += s.size();
        }
        // a sample keeps at least one point, so many small addresses can outgrow the budget; when halving freed
        // little, let the budget follow them (as the collector's per-flow memory does) rather than rescan each packet
        if (total > budget / 4 * 3) {
            budget = (int) Math.min(Integer.MAX_VALUE, total * 2);
        }
    }

    /** The points of all packets kept, for a sample made by {@link #of}; empty when none matched. */
    public PointSample sample() {
        return sample(ONE);
    }

    /** The points of one address's packets, for samples made by {@link #perAddress}; empty when it sent none. */
    public PointSample sample(String sender) {
        PointSample s = samples.get(sender);
        return s == null ? new PointSample(2) : s;
    }

    /** The flows the points refer to by index. */
    public List<FlowEvidence> flows() {
        return collector.flows();
    }

    /** The time of the first packet read, the origin of time axes. */
    public long firstNanos() {
        return firstNanos;
    }

    /** Packets read, matching or not. */
    public long packets() {
        return packets;
    }
}
