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
    static final double APART_BITS = -12;
    /** Flows opened this close together may reach the counter in either order. */
    private static final long TIE_NANOS = 1_000_000;
    /** Opening times and first values, in order of time; null once the group's own flows are not one counter. */
    private List<long[]> entries = new ArrayList<>();
    private final Set<String> destinations = new HashSet<>();

    void add(long nanos, int first, String destination) {
        if (entries == null) {
            return;
        }
        List<long[]> one = new ArrayList<>();
        one.add(new long[] {nanos, first});
        destinations.add(destination);
        entries = merge(entries, one);
    }

    /** Whether the group's own flows read as one counter across at least two destinations. */
    boolean shownGlobal() {
        return entries != null && entries.size() >= 2 && destinations.size() >= 2;
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
        if (counter == null || isEmpty() || other.isEmpty() || !shownGlobal() && !other.shownGlobal()) {
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
                if (step >= 1 && step <= window) {
                    bits += Math.max(0, Math.log(65536 / window) / Math.log(2));
                } else if (IpidTrack.stepsBack((int) previous[1], (int) next[1])
                        && next[0] - previous[0] > TIE_NANOS) {
                    return APART_BITS;
                }
                // a longer step forward says nothing: the host may send what the capture does not hold
            }
            previous = next;
            previousMine = mine;
        }
        return Math.min(bits, MAX_BITS);
    }

    void absorb(GlobalTimeline other) {
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
                if (IpidTrack.stepsBack((int) previous[1], (int) next[1])
                        && next[0] - previous[0] > TIE_NANOS) {
                    return null;
                }
            }
            merged.add(next);
        }
        return merged;
    }
}
