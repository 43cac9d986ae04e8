package org.unveil.hosts;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.unveil.hosts.evidence.ClockSkew;
import org.unveil.hosts.evidence.ClockTrack;
import org.unveil.hosts.evidence.SkewEstimate;
import org.unveil.hosts.link.EdgeList;

/**
 * The TCP timestamp clock lines of one address: flows joined by clock edges run on one clock with one offset.
 * Per line: its rate, measured across all its flows (short connections that each say nothing say it together),
 * and its skew (Kohno) when it was watched for long enough.
 */
public final class ClockLines {
    private final int[] line;
    private final int[] shared;
    private final Map<Integer, Double> rate = new HashMap<>();
    private final Map<Integer, SkewEstimate> skew = new HashMap<>();
    private final Map<Integer, Double> span = new HashMap<>();
    private final Map<Integer, Long> lastReading = new HashMap<>();
    private final Map<Integer, Integer> destinations = new HashMap<>();

    ClockLines(List<FlowEvidence> flows, EdgeList edges, int clockEdges) {
        int n = flows.size();
        int[] parent = new int[n];
        for (int i = 0; i < n; i++) {
            parent[i] = i;
        }
        for (int e = 0; e < clockEdges; e++) {
            parent[find(parent, edges.a(e))] = find(parent, edges.b(e));
        }
        line = new int[n];
        Map<Integer, List<FlowEvidence>> members = new HashMap<>();
        for (int i = 0; i < n; i++) {
            line[i] = flows.get(i).clock() == null ? -1 : find(parent, i);
            if (line[i] >= 0) {
                members.computeIfAbsent(line[i], k -> new ArrayList<>()).add(flows.get(i));
            }
        }
        shared = new int[n];
        for (int i = 0; i < n; i++) {
            shared[i] = line[i] >= 0 && members.get(line[i]).size() > 1 ? line[i] : -1;
        }
        members.forEach(this::measure);
    }

    private static int find(int[] parent, int i) {
        while (parent[i] != i) {
            parent[i] = parent[parent[i]];
            i = parent[i];
        }
        return i;
    }

    private void measure(int id, List<FlowEvidence> members) {
        ClockTrack base = members.getFirst().clock();
        long lastNanos = base.nanos(0);
        long lastTicks = base.ticks(0);
        for (FlowEvidence f : members) {
            ClockTrack c = f.clock();
            int i = c.size() - 1;
            if (c.nanos(i) > lastNanos) {
                lastNanos = c.nanos(i);
                lastTicks = onBase(base, c, i);
            }
        }
        double seconds = (lastNanos - base.nanos(0)) / 1e9;
        span.put(id, seconds);
        lastReading.put(id, lastTicks & 0xFFFF_FFFFL);
        destinations.put(id, (int) members.stream().map(FlowEvidence::server).distinct().count());
        if (seconds < 1) {
            return;
        }
        double hz = ClockTrack.nominal((lastTicks - base.ticks(0)) / seconds);
        rate.put(id, hz);
        ClockSkew kohno = new ClockSkew();
        for (FlowEvidence f : members) {
            ClockTrack c = f.clock();
            for (int i = 0; i < c.size(); i++) {
                kohno.add(c.nanos(i) / 1e9, (onBase(base, c, i) - base.ticks(0)) / hz);
            }
        }
        SkewEstimate estimate = kohno.estimate(1 / hz);
        if (estimate != null) {
            skew.put(id, estimate);
        }
    }

    /** Sample {@code i} of a clock on the same line as {@code base}, unwrapped onto base's scale. */
    private static long onBase(ClockTrack base, ClockTrack c, int i) {
        long apart = c.ticks(0) - base.ticks(0);
        return c.ticks(i) + ((int) apart - apart);
    }

    /** The line of each flow, -1 without timestamps. */
    public int lineOf(int flow) {
        return line[flow];
    }

    /** The line of each flow when several flows share it, else -1: only shared lines show how offsets are set. */
    public int sharedLineOf(int flow) {
        return shared[flow];
    }

    /** The line's nominal rate in Hz, or null when it was watched for under a second. */
    public Double rate(int line) {
        return rate.get(line);
    }

    /** The line's skew, or null when it was watched for under {@link ClockSkew#MIN_SPAN_SECONDS}. */
    public SkewEstimate skew(int line) {
        return skew.get(line);
    }

    /**
     * Seconds since the clock read 0, at the line's last sample, when one line runs through connections to
     * several destinations (a per-host offset, which a clock counting from boot has); null otherwise. A random
     * per-host offset makes this a random number: the README says so.
     */
    public Double uptime(int line) {
        Double hz = rate.get(line);
        if (hz == null || destinations.getOrDefault(line, 0) < 2) {
            return null;
        }
        return lastReading.get(line) / hz;
    }

    /** How long the line was watched, in seconds. */
    public double span(int line) {
        return span.getOrDefault(line, 0.0);
    }
}
