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
        List<AddressHosts> out = new ArrayList<>();
        byClient.forEach((address, list) -> out.add(address(address, list)));
        return out;
    }

    static AddressHosts address(String address, List<FlowEvidence> flows) {
        List<Edge> clockEdges = TcpClockLinker.link(flows);
        List<Edge> edges = new ArrayList<>(clockEdges);
        edges.addAll(CounterLinkers.ipid(flows));
        edges.addAll(CounterLinkers.sourcePorts(flows));
        edges.addAll(LookupLinker.link(flows));
        int[] line = clockLines(flows, clockEdges);
        Clustering c = HostClusterer.cluster(flows, edges, shared(line));
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

    /**
     * Only lines that several flows share say how a host sets its clock offsets: Linux 6.x draws a new random
     * offset per connection, so a line of one flow tells nothing about the host's other connections.
     */
    private static int[] shared(int[] line) {
        Map<Integer, Integer> size = new HashMap<>();
        for (int l : line) {
            size.merge(l, 1, Integer::sum);
        }
        int[] out = new int[line.length];
        for (int i = 0; i < line.length; i++) {
            out[i] = line[i] >= 0 && size.get(line[i]) > 1 ? line[i] : -1;
        }
        return out;
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
        Double hz = clockHz(byLine);
        Double skew = hz == null ? null : skew(byLine, hz);
        return new HostProfile(id, os, ttl, List.copyOf(agents), List.copyOf(tls), hz, skew, members.size(), packets,
                bytes, first, last, evidence);
    }

    /**
     * The host's clock rate: from its longest clock line, which spans several flows when they were linked, so
     * short connections that each say nothing about the rate say it together.
     */
    private static Double clockHz(Map<Integer, List<FlowEvidence>> byLine) {
        double longest = 0;
        Double hz = null;
        for (List<FlowEvidence> lineFlows : byLine.values()) {
            ClockTrack base = lineFlows.getFirst().clock();
            long firstNanos = base.nanos(0);
            long lastNanos = firstNanos;
            long lastTicks = base.ticks(0);
            for (FlowEvidence f : lineFlows) {
                ClockTrack c = f.clock();
                int i = c.size() - 1;
                if (c.nanos(i) > lastNanos) {
                    lastNanos = c.nanos(i);
                    lastTicks = onBase(base, c, i);
                }
            }
            double span = (lastNanos - firstNanos) / 1e9;
            if (span >= 1 && span > longest) {
                longest = span;
                hz = ClockTrack.nominal((lastTicks - base.ticks(0)) / span);
            }
        }
        return hz;
    }

    /** Sample {@code i} of a clock on the same line as {@code base}, unwrapped onto base's scale. */
    private static long onBase(ClockTrack base, ClockTrack c, int i) {
        long apart = c.ticks(0) - base.ticks(0);
        return c.ticks(i) + ((int) apart - apart);
    }

    /** Skew of the longest-observed clock line. */
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
                for (int i = 0; i < c.size(); i++) {
                    double t = c.nanos(i) / 1e9;
                    skew.add(t, (onBase(base, c, i) - base.ticks(0)) / hz);
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
