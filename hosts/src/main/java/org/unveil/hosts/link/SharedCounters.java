package org.unveil.hosts.link;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.unveil.hosts.FlowEvidence;
import org.unveil.hosts.evidence.IpidTrack;

/**
 * Flows whose own IPIDs show a counter that moves with more than their destination's traffic: over the flow the
 * counter advanced well past the flow's own packets and those the address sent to that destination meanwhile.
 * A counter of one destination (Windows 8 and later) or of one connection (Linux 3.x and later) moves only with
 * those; a global one (Windows 95 to 7, old Unix stacks) with everything its host sends. The data say which,
 * flow by flow, without asking the OS: five Windows XP machines with one or two connections each were one host
 * until their counters' scope was read from their own flows.
 */
public final class SharedCounters {
    /** Steps lost packets and a little unseen traffic explain, however short the flow. */
    private static final int SLACK = 16;
    /** Beyond the slack, the share of its own steps a flow's counter must outrun them by. */
    private static final double SHARE = 0.25;
    /**
     * Earlier flows of one destination looked back over for overlap (a busy server must not make this
     * quadratic); later ones until the first that opened after the flow's end, 16 times as many at most.
     */
    private static final int MAX_SCAN = 256;

    private SharedCounters() {
    }

    /** Per flow, whether its counter ran with traffic beyond its destination. */
    public static boolean[] of(List<FlowEvidence> flows) {
        int n = flows.size();
        boolean[] shared = new boolean[n];
        // the counting flows grouped by destination, each group in order of opening: one int array, no boxing
        Map<String, Integer> servers = new HashMap<>();
        int[] serverOf = new int[n];
        for (int i = 0; i < n; i++) {
            FlowEvidence f = flows.get(i);
            serverOf[i] = counts(f) ? servers.computeIfAbsent(f.server(), k -> servers.size()) : -1;
        }
        int[] start = new int[servers.size() + 1];
        for (int i = 0; i < n; i++) {
            if (serverOf[i] >= 0) {
                start[serverOf[i] + 1]++;
            }
        }
        for (int s = 0; s < servers.size(); s++) {
            start[s + 1] += start[s];
        }
        int[] order = new int[start[servers.size()]];
        int[] at = Arrays.copyOf(start, servers.size());
        for (int i = 0; i < n; i++) {
            if (serverOf[i] >= 0) {
                order[at[serverOf[i]]++] = i;
            }
        }
        for (int s = 0; s < servers.size(); s++) {
            for (int k = start[s]; k < start[s + 1]; k++) {
                FlowEvidence f = flows.get(order[k]);
                int advance = (f.ipid().last() - f.ipid().first()) & 0xFFFF;
                int own = f.ipid().count() - 1;
                if (own < 1 || advance >= 0x8000) {
                    continue;
                }
                double beside = 0;
                for (int j = Math.max(start[s], k - MAX_SCAN); j < k; j++) {
                    beside += sentDuring(flows.get(order[j]), f.firstNanos(), f.lastSentNanos());
                }
                // later flows are in order of opening: past the first opened after this one's end, none overlap
                int end = Math.min(start[s + 1], k + 1 + 16 * MAX_SCAN);
                for (int j = k + 1; j < end && flows.get(order[j]).firstNanos() <= f.lastSentNanos(); j++) {
                    beside += sentDuring(flows.get(order[j]), f.firstNanos(), f.lastSentNanos());
                }
                shared[order[k]] = advance - own - beside >= Math.max(SLACK, SHARE * own);
            }
        }
        return shared;
    }

    /** The packets {@code g} sent from {@code from} to {@code to}, spread evenly over its life. */
    private static double sentDuring(FlowEvidence g, long from, long to) {
        if (g.ipid() == null) {
            return 0;
        }
        long start = g.firstNanos();
        long end = Math.max(start, g.lastSentNanos());
        long overlap = Math.min(end, to) - Math.max(start, from);
        if (end == start) {
            return start >= from && start <= to ? g.ipid().count() : 0;
        }
        return overlap <= 0 ? 0 : g.ipid().count() * (double) overlap / (end - start);
    }

    private static boolean counts(FlowEvidence f) {
        return f.ipid() != null && f.ipid().count() >= 2 && (f.ipid().kind() == IpidTrack.Kind.COUNTER
                || f.ipid().kind() == IpidTrack.Kind.SWAPPED_COUNTER);
    }
}
