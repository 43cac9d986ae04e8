package org.unveil.hosts.cluster;

import java.util.ArrayList;
import java.util.List;
import org.unveil.hosts.evidence.IpidTrack;
import org.unveil.hosts.link.GlobalCounter;

/**
 * Where a group's counting flows found its IPID counter, read as one counter for all destinations (Windows 95
 * to 7, Mac OS X 10.4): each flow's first value when it opened and last value when it sent its last packet. Each
 * packet takes the next value, so one such host's values, in order of time, step forward by no more than the
 * address sent in between and what its flows showed of traffic the capture does not see; two hosts' counters
 * start far apart and step back within a few flows. Two groups whose flows interleave on one such counter are
 * one host, whatever programs (User-Agents) they ran: each switch between them lands in a window the counter
 * could reach, a chance of window / 65536.
 */
final class GlobalTimeline {
    /** Bits a consistent union can give: a few switches already make chance unlikely. */
    static final double MAX_BITS = 24;
    /**
     * A step forward this many times past what the counter could make, where a flow lasted long enough to show
     * how fast its host's counter runs unseen, speaks against one host: softly, as unseen traffic comes in bursts.
     */
    static final double BEYOND_FACTOR = 4;
    static final double BEYOND_BITS = -4;
    /** Against one host when the union steps back on a counter a group has shown to be global. */
    static final double APART_BITS = -12;
    /** Flows opened this close together may reach the counter in either order. */
    private static final long TIE_NANOS = 1_000_000;
    /**
     * Packets sent this far apart are not reordered on the way to the capture: a later flow's first value
     * behind an earlier one's, by however little, was written by another counter. Closer together, a step back
     * of a few values is reordering ({@link IpidTrack#stepsBack}). Two XP machines' counters once ran within 6
     * values of each other for seconds and were read as one.
     */
    private static final long REORDER_NANOS = 50_000_000;
    /**
     * Opening times and first values, and sending times of last values, in order of time; null once the group's
     * own flows are not one counter.
     */
    private List<long[]> entries = List.of(); // never added to in place: merge makes a new list
    private final DistinctValues destinations = new DistinctValues();
    /** The fastest its flows showed the counter run on unseen traffic, values a second. */
    private double rate;
    /** Whether a flow lasted long enough to show that rate (0 included). */
    private boolean rateKnown;
    private boolean shared;

    /**
     * A counting flow: its first value when it opened and, where it sent more, its last value when it sent its
     * last packet; {@code unseen}, how fast its values showed the counter run on what the capture does not see.
     */
    void add(long firstNanos, int first, long lastNanos, int last, int count, double unseen, String destination) {
        if (entries == null) {
            return;
        }
        List<long[]> one = new ArrayList<>();
        one.add(new long[] {firstNanos, first});
        if (count >= 2 && last != first) {
            one.add(new long[] {lastNanos, last});
        }
        rate = Math.max(rate, unseen);
        rateKnown |= count >= 2 && lastNanos - firstNanos >= 1_000_000_000L;
        destinations.add(destination);
        entries = merge(entries, one);
    }

    /** A timeline of one value at one moment: a flow that sent one IPID. */
    static GlobalTimeline lone(long nanos, int value) {
        GlobalTimeline t = new GlobalTimeline();
        t.add(nanos, value, nanos, value, 1, 0, "");
        return t;
    }

    /** A flow of the group showed its counter running with more than its destination's traffic. */
    void markShared() {
        shared = true;
    }

    /**
     * Whether the group's own flows read as one counter across at least two destinations, or one of them ran
     * its counter with more than its destination's traffic ({@link org.unveil.hosts.link.SharedCounters}).
     */
    boolean shownGlobal() {
        return entries != null && (shared || entries.size() >= 2 && destinations.several());
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
        double rate = Math.max(this.rate, other.rate);
        double[] bits = {0};
        boolean consistent = switches(other, (previous, next) -> {
            int step = (int) ((next[1] - previous[1]) & 0xFFFF);
            double window = counter.window(previous[0], next[0]) + rate * Math.max(0, next[0] - previous[0]) / 1e9;
            if (step >= 1 && step <= window) {
                bits[0] += Math.max(0, Math.log(65536 / window) / Math.log(2));
            } else if (step < 0x8000 && step > BEYOND_FACTOR * window && (rateKnown || other.rateKnown)) {
                bits[0] += BEYOND_BITS;
            }
            // else a longer step forward says little: the host may send what the capture does not hold
            return !stepsBack(previous, next);
        });
        return consistent ? Math.min(bits[0], MAX_BITS) : APART_BITS;
    }

    /**
     * Whether the two groups' flows, together, step back on the counter: they are not one global counter
     * (two hosts, or one with a counter per destination), so edges that said they continue one say nothing.
     */
    boolean refutes(GlobalTimeline other) {
        return !isEmpty() && !other.isEmpty() && !switches(other, (previous, next) -> !stepsBack(previous, next));
    }

    /** Looks at each pair of entries where the union of the two timelines passes from one group to the other. */
    private interface Switch {
        /** @return false to stop */
        boolean at(long[] previous, long[] next);
    }

    /** Walks the union in order of time; false if {@code at} stopped it. */
    private boolean switches(GlobalTimeline other, Switch at) {
        List<long[]> a = entries;
        List<long[]> b = other.entries;
        int i = 0;
        int j = 0;
        long[] previous = null;
        boolean previousMine = false;
        while (i < a.size() || j < b.size()) {
            boolean mine = j >= b.size() || i < a.size() && a.get(i)[0] <= b.get(j)[0];
            long[] next = mine ? a.get(i++) : b.get(j++);
            if (previous != null && mine != previousMine && !at.at(previous, next)) {
                return false;
            }
            previous = next;
            previousMine = mine;
        }
        return true;
    }

    void absorb(GlobalTimeline other) {
        if (entries == null || other.entries == null) {
            entries = null;
            return;
        }
        destinations.addAll(other.destinations);
        rate = Math.max(rate, other.rate);
        rateKnown |= other.rateKnown;
        shared |= other.shared;
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
                if (stepsBack(previous, next)) {
                    return null;
                }
            }
            merged.add(next);
        }
        return merged;
    }

    /** Whether one counter cannot have written the two entries' values at their times, in that order. */
    private static boolean stepsBack(long[] previous, long[] next) {
        long gap = next[0] - previous[0];
        if (gap <= TIE_NANOS) {
            return false;
        }
        int d = (int) ((next[1] - previous[1]) & 0xFFFF);
        return gap > REORDER_NANOS ? d >= 0x8000 : IpidTrack.stepsBack((int) previous[1], (int) next[1]);
    }
}
