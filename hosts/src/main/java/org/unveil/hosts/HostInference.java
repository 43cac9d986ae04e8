package org.unveil.hosts;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.unveil.hosts.cluster.Clustering;
import org.unveil.hosts.cluster.HostClusterer;
import org.unveil.hosts.evidence.SkewEstimate;
import org.unveil.hosts.link.CounterLinkers;
import org.unveil.hosts.link.Edge;
import org.unveil.hosts.link.LookupLinker;
import org.unveil.hosts.link.TcpClockLinker;

/** Turns collected flow evidence into hosts: per client address, link flows, cluster them, profile the hosts. */
public final class HostInference {
    private HostInference() {
    }

    /** Every address that opened flows, in address order; only {@code only} when it is not null. */
    public static List<AddressHosts> infer(List<FlowEvidence> flows, String only) {
        Map<String, List<FlowEvidence>> byClient = new TreeMap<>();
        for (FlowEvidence f : flows) {
            if (only == null || only.equals(f.client())) {
                byClient.computeIfAbsent(f.client(), a -> new ArrayList<>()).add(f);
            }
        }
        // addresses share nothing: behind many of them, inference is worth every core (in address order still)
        return byClient.entrySet().parallelStream().map(e -> address(e.getKey(), e.getValue())).toList();
    }

    static AddressHosts address(String address, List<FlowEvidence> flows) {
        List<Edge> clockEdges = TcpClockLinker.link(flows);
        List<Edge> edges = new ArrayList<>(clockEdges);
        CounterLinkers.IpidChains ipid = CounterLinkers.ipid(flows);
        edges.addAll(ipid.edges());
        edges.addAll(CounterLinkers.sourcePorts(flows));
        edges.addAll(LookupLinker.link(flows));
        ClockLines lines = new ClockLines(flows, clockEdges);
        Clustering c = HostClusterer.cluster(flows, edges, ipid.firstValues(), lines);
        List<HostProfile> hosts = new ArrayList<>();
        for (int h = 0; h < c.hostCount(); h++) {
            List<FlowEvidence> members = new ArrayList<>();
            int longest = -1;
            java.util.Set<SkewEstimate> skews = new java.util.HashSet<>(); // one per line: lines are one crystal
            for (int i = 0; i < flows.size(); i++) {
                if (c.hostOf()[i] == h) {
                    members.add(flows.get(i));
                    int l = lines.lineOf(i);
                    if (l >= 0 && (longest < 0 || lines.span(l) > lines.span(longest))) {
                        longest = l;
                    }
                    if (l >= 0 && lines.skew(l) != null) {
                        skews.add(lines.skew(l));
                    }
                }
            }
            Double hz = longest < 0 ? null : lines.rate(longest);
            SkewEstimate skew = SkewEstimate.combine(skews);
            Double uptime = longest < 0 ? null : lines.uptime(longest);
            hosts.add(profile(address + "#" + (h + 1), members, hz, skew == null ? null : skew.ppm(),
                    c.evidence().get(h), c.separatedBy().get(h), uptime));
        }
        return new AddressHosts(address, c.hostCount(), c.low(), c.high(), hosts, flows, c.hostOf(), c.confidence());
    }

    private static HostProfile profile(String id, List<FlowEvidence> members, Double hz, Double skew,
            Set<String> evidence, Set<String> separatedBy, Double uptime) {
        Map<String, Integer> osVotes = new HashMap<>();
        Set<String> agents = new TreeSet<>();
        Set<String> tls = new TreeSet<>();
        long packets = 0;
        long bytes = 0;
        long first = Long.MAX_VALUE;
        long last = Long.MIN_VALUE;
        int ttl = 0;
        for (FlowEvidence f : members) {
            if (f.os() != null) {
                osVotes.merge(f.os(), 1, Integer::sum);
            }
            if (f.userAgent() != null) {
                agents.add(f.userAgent());
            }
            if (f.tls() != null) {
                tls.add(f.tls());
            }
            packets += f.packets();
            bytes += f.bytes();
            first = Math.min(first, f.firstNanos());
            last = Math.max(last, f.lastNanos());
            ttl = Math.max(ttl, f.initialTtl());
        }
        String os = osVotes.entrySet().stream().max(Map.Entry.comparingByValue()).map(Map.Entry::getKey)
                .orElse(ttl == 0 ? "unknown" : "unknown-ttl" + ttl);
        return new HostProfile(id, os, ttl, List.copyOf(agents), List.copyOf(tls), hz, skew, members.size(), packets,
                bytes, first, last, evidence, separatedBy, uptime);
    }
}
