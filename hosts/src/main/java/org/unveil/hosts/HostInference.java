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
import org.unveil.hosts.evidence.ClockSkew;
import org.unveil.hosts.evidence.ClockTrack;
import org.unveil.hosts.link.CounterLinkers;
import org.unveil.hosts.link.Edge;
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
        List<AddressHosts> out = new ArrayList<>();
        byClient.forEach((address, list) -> out.add(address(address, list)));
        return out;
    }

    static AddressHosts address(String address, List<FlowEvidence> flows) {
        List<Edge> clockEdges = TcpClockLinker.link(flows);
        List<Edge> edges = new ArrayList<>(clockEdges);
        edges.addAll(CounterLinkers.ipid(flows));
        edges.addAll(CounterLinkers.sourcePorts(flows));
        int[] line = clockLines(flows, clockEdges);
        Clustering c = HostClusterer.cluster(flows, edges, line);
        List<HostProfile> hosts = new ArrayList<>();
        for (int h = 0; h < c.hostCount(); h++) {
            List<FlowEvidence> members = new ArrayList<>();
            Map<Integer, List<FlowEvidence>> byLine = new HashMap<>();
            for (int i = 0; i < flows.size(); i++) {
                if (c.hostOf()[i] == h) {
                    members.add(flows.get(i));
                    if (line[i] >= 0) {
                        byLine.computeIfAbsent(line[i], k -> new ArrayList<>()).add(flows.get(i));
                    }
                }
            }
            hosts.add(profile(address + "#" + (h + 1), members, byLine, c.evidence().get(h)));
        }
        return new AddressHosts(address, c.hostCount(), c.low(), c.high(), hosts, flows, c.hostOf(), c.confidence());
    }

    /** Flows joined by clock edges share a clock line; -1 for flows without timestamps. */
    private static int[] clockLines(List<FlowEvidence> flows, List<Edge> clockEdges) {
        int n = flows.size();
        int[] parent = new int[n];
        for (int i = 0; i < n; i++) {
            parent[i] = i;
        }
        for (Edge e : clockEdges) {
            parent[find(parent, e.a())] = find(parent, e.b());
        }
        int[] line = new int[n];
        for (int i = 0; i < n; i++) {
            line[i] = flows.get(i).clock() == null ? -1 : find(parent, i);
        }
        return line;
    }

    private static int find(int[] parent, int i) {
        while (parent[i] != i) {
            parent[i] = parent[parent[i]];
            i = parent[i];
        }
        return i;
    }

    private static HostProfile profile(String id, List<FlowEvidence> members, Map<Integer, List<FlowEvidence>> byLine,
            Set<String> evidence) {
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
        Double hz = clockHz(members);
        Double skew = hz == null ? null : skew(byLine, hz);
        return new HostProfile(id, os, ttl, List.copyOf(agents), List.copyOf(tls), hz, skew, members.size(), packets,
                bytes, first, last, evidence);
    }

    /** The most common nominal rate among flows long enough to measure one. */
    private static Double clockHz(List<FlowEvidence> members) {
        Map<Double, Integer> votes = new HashMap<>();
        boolean anyClock = false;
        for (FlowEvidence f : members) {
            if (f.clock() != null) {
                anyClock = true;
                double hz = f.clock().nominalHz();
                if (!Double.isNaN(hz)) {
                    votes.merge(hz, 1, Integer::sum);
                }
            }
        }
        if (!anyClock || votes.isEmpty()) {
            return null;
        }
        return votes.entrySet().stream().max(Map.Entry.comparingByValue()).get().getKey();
    }

    /** Skew of the longest-observed clock line; its flows' stamps are put on one scale through the first flow. */
    private static Double skew(Map<Integer, List<FlowEvidence>> byLine, double hz) {
        Double best = null;
        double longest = 0;
        for (List<FlowEvidence> lineFlows : byLine.values()) {
            ClockTrack base = lineFlows.getFirst().clock();
            ClockSkew skew = new ClockSkew();
            double start = Double.MAX_VALUE;
            double end = -Double.MAX_VALUE;
            for (FlowEvidence f : lineFlows) {
                ClockTrack c = f.clock();
                long shift = (int) (c.ticks(0) - base.ticks(0)) - (c.ticks(0) - base.ticks(0));
                for (int i = 0; i < c.size(); i++) {
                    double t = c.nanos(i) / 1e9;
                    skew.add(t, (c.ticks(i) + shift - base.ticks(0)) / hz);
                    start = Math.min(start, t);
                    end = Math.max(end, t);
                }
            }
            double ppm = skew.ppm();
            if (!Double.isNaN(ppm) && end - start > longest) {
                longest = end - start;
                best = ppm;
            }
        }
        return best;
    }
}
