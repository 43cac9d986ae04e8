package org.unveil.hosts.cluster;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.unveil.hosts.evidence.IpidTrack;
import org.unveil.hosts.link.GlobalCounter;

/**
 * Where a group's counting flows found its IPID counter, read as one counter for all destinations (Windows 95
 * to 7, Mac OS X 10.4): opening times and first values. Each packet takes the next value, so one such host's
 * flows, in order of opening, step forward by no more than the address sent in between; two hosts' counters
 * start far apart and step back within a few flows. Two groups whose flows interleave on one such counter are
 * one host, whatever programs (User-Agents) they ran: each switch between them lands in a window the counter
 * could reach, a chance of window / 65536.
 */
final class GlobalTimeline {
    /** Bits a consistent union can give: a few switches already make chance unlikely. */
    static final double MAX_BITS = 24;
    /** Against one host when the union steps back on a counter a group has shown to be global. */
    static final double APART_BITS = -24;
    /** Flows opened this close together may reach the counter in either order. */
    private static final long TIE_NANOS = 1_000_000;
    /**
     * Points of its counting flows (time, value, 1 for a flow's opening), in order of time; null once the
     * group's own flows are not one counter.
     */
    private List<long[]> entries = new ArrayList<>();
    private final Set<String> destinations = new HashSet<>();
    /** Whether a SYN of the group names a stack that keeps one counter for all destinations: the OS prior. */
    private boolean named;

    /**
     * Books a counting flow: its points (time, value; see {@link IpidTrack#points}), the first marked as its
     * opening. Only openings count as evidence for one host (a flow's later points follow from its first), but
     * every point can show a step back: two hosts' counters standing near each other at one moment (evidence05
     * and evidence06, both near 350) part once either's long flow is watched on.
     */
    void add(IpidTrack track, String destination) {
        if (entries == null) {
            return;
        }
        List<long[]> one = new ArrayList<>(track.points());
        for (int i = 0; i < track.points(); i++) {
            one.add(new long[] {track.pointNanos(i), track.pointValue(i), i == 0 ? 1 : 0});
        }
        destinations.add(destination);
        entries = merge(entries, one);
    }

    /** Whether the group's own flows read as one counter across at least two destinations. */
    boolean shownGlobal() {
        return entries != null && entries.size() >= 2 && destinations.size() >= 2;
    }

    /**
     * The group's SYNs name a stack with one global counter (Windows 2000 to 7, Mac OS X 10.4): the prior the
     * issue allows the OS family, in place of what a host talking to one destination cannot show itself.
     * xp-four's evidence06 host opened its connections to one server only, so without the prior its flows
     * joined another XP host's whose counter stood a few values off, and that union's steps back said nothing.
     */
    void namedGlobal() {
        named = true;
    }

    /** Shown in the data or named by the group's SYNs, while its own points are still one counter. */
    private boolean global() {
        return entries != null && (named || shownGlobal());
    }

    boolean isEmpty() {
        return entries == null || entries.isEmpty();
    }

    /**
     * Evidence in bits that the two groups are one host on one global counter: positive for each switch
     * between them that the counter could make, negative if their union steps back while one of them has shown
     * a global counter; 0 where neither says anything.
     */
    double bits(GlobalTimeline other, GlobalCounter counter) {
        if (counter == null || isEmpty() || other.isEmpty() || !global() && !other.global()) {
            return 0;
        }
        double bits = 0;
        int i = 0;
        int j = 0;
        long[] previous = null;
        boolean previousMine = false;
        List<long[]> a = entries;
        List<long[]> b = other.entries;
        while (i < a.size() || j < b.size()) {
            boolean mine = j >= b.size() || i < a.size() && a.get(i)[0] <= b.get(j)[0];
            long[] next = mine ? a.get(i++) : b.get(j++);
            if (previous != null && mine != previousMine) {
                int step = (int) ((next[1] - previous[1]) & 0xFFFF);
                double window = counter.window(previous[0], next[0]);
                if (step >= 1 && step <= window && next[2] == 1) {
                    bits += Math.max(0, Math.log(65536 / window) / Math.log(2));
                } else if (behind(previous, next)) {
                    return APART_BITS;
                }
                // a longer step forward says nothing: the host may send what the capture does not hold
            }
            previous = next;
            previousMine = mine;
        }
        return Math.min(bits, MAX_BITS);
    }

    /**
     * Whether one counter cannot have written {@code earlier}'s value and then {@code later}'s: a step back
     * between points more than {@link #TIE_NANOS} apart. A capture reorders packets by microseconds, not by a
     * millisecond, so unlike within one flow ({@link IpidTrack#stepsBack}) no backward step is forgiven here:
     * two hosts' counters can run within a few values of each other for seconds (evidence05 and evidence06).
     * The same value twice is a duplicated frame, not a step.
     */
    private static boolean behind(long[] earlier, long[] later) {
        int d = (int) ((later[1] - earlier[1]) & 0xFFFF);
        return d >= 0x8000 && later[0] - earlier[0] > TIE_NANOS;
    }

    void absorb(GlobalTimeline other) {
        named |= other.named;
        if (entries == null || other.entries == null) {
            entries = null;
            return;
        }
        destinations.addAll(other.destinations);
        entries = merge(entries, other.entries);
    }

    /** The two lists merged by time; null when the values then step back (not one counter). */
    private static List<long[]> merge(List<long[]> a, List<long[]> b) {
        List<long[]> merged = new ArrayList<>(a.size() + b.size());
        int i = 0;
        int j = 0;
        while (i < a.size() || j < b.size()) {
            long[] next = j >= b.size() || i < a.size() && a.get(i)[0] <= b.get(j)[0] ? a.get(i++) : b.get(j++);
            if (!merged.isEmpty()) {
                long[] previous = merged.getLast();
                if (behind(previous, next)) {
                    return null;
                }
            }
            merged.add(next);
        }
        return merged;
    }
}
