package org.unveil.hosts.evidence;

/**
 * The IP identification values one flow's sender used, summarised as they arrive (Bellovin's evidence): the
 * first and last value and how consecutive values stepped (the flow's own times place it). Stacks differ: old Linux and
 * Windows count (globally or per destination, Windows sometimes byte-swapped), modern Linux counts per
 * connection from a random start, macOS and FreeBSD draw at random, and some stacks send 0 with DF set.
 */
public final class IpidTrack {
    /** How far a counter may advance between two packets of one flow and still count as a step. */
    static final int MAX_STEP = 2048;
    /** Reordering leaves small backward steps; they neither prove nor disprove a counter. */
    static final int MAX_REORDER = 8;
    /** Steps between a short flow's few values that one counter of one destination would take at most. */
    static final int CLOSE = 16;

    /** What a flow's IPIDs look like. */
    public enum Kind {
        /** Fewer than three packets: nothing to judge by. */
        UNKNOWN,
        /** Always 0 (DF set, no identification kept). */
        ZERO,
        /** Small forward steps: some counter. */
        COUNTER,
        /** Small forward steps once the two bytes are swapped (Windows on little-endian hosts, old builds). */
        SWAPPED_COUNTER,
        /** Neither: random per packet. */
        RANDOM
    }

    private int count;
    private int first;
    private int last;
    private int zeros;
    private int steps;
    private int forward;
    private int swappedForward;
    private long forwardSum;
    private long swappedSum;

    public void add(int id) {
        if (count == 0) {
            first = id;
        } else {
            steps++;
            if (isStep(last, id)) {
                forward++;
                forwardSum += distance(last, id);
            }
            if (isStep(swap(last), swap(id))) {
                swappedForward++;
                swappedSum += distance(swap(last), swap(id));
            }
        }
        if (id == 0) {
            zeros++;
        }
        last = id;
        count++;
    }

    /**
     * Whether {@code to} lies behind {@code from} on the 16-bit circle (RFC 1982 serial arithmetic) by more than
     * reordering explains: one counter cannot have written them in that order.
     */
    public static boolean stepsBack(int from, int to) {
        int d = (to - from) & 0xFFFF;
        return d >= 0x8000 && d < 0x10000 - MAX_REORDER;
    }

    /** A counter step from {@code from} to {@code to}, wrapping at 2^16, or at 2^15 for counters that stay below it. */
    static boolean isStep(int from, int to) {
        int d = (to - from) & 0xFFFF;
        if ((d >= 1 && d <= MAX_STEP) || d >= 0x10000 - MAX_REORDER) {
            return true;
        }
        int d15 = (to - from) & 0x7FFF;
        return from < 0x8000 && to < 0x8000 && d15 >= 1 && d15 <= MAX_STEP;
    }

    /** How far apart two values are on the 2^16 circle (or the 2^15 one, below it), either way round. */
    private static int distance(int from, int to) {
        int d = (to - from) & 0xFFFF;
        int shortest = Math.min(d, 0x10000 - d);
        if (from < 0x8000 && to < 0x8000) {
            int d15 = (to - from) & 0x7FFF;
            shortest = Math.min(shortest, Math.min(d15, 0x8000 - d15));
        }
        return shortest;
    }

    public static int swap(int id) {
        return ((id & 0xFF) << 8) | (id >>> 8 & 0xFF);
    }

    public Kind kind() {
        if (count > 0 && zeros == count) {
            return Kind.ZERO;
        }
        if (count < 3) {
            return Kind.UNKNOWN;
        }
        boolean counts = forward >= 0.8 * steps;
        boolean swappedCounts = swappedForward >= 0.8 * steps;
        if (counts && swappedCounts) {
            // A swapped counter stepping by 1 also steps by 256 read the other way: the smaller steps are the truth.
            return swappedSum * forward < forwardSum * swappedForward ? Kind.SWAPPED_COUNTER : Kind.COUNTER;
        }
        if (counts) {
            return Kind.COUNTER;
        }
        return swappedCounts ? Kind.SWAPPED_COUNTER : Kind.RANDOM;
    }

    /**
     * Whether the values could be one counter's: every step forward. Too few values to call a counter, a flow
     * may still continue one, but not when its own two values are far apart (two hosts' lookups that a NAT
     * happened to give one public port, say).
     */
    public boolean mayCount() {
        return forward == steps && forwardSum <= (long) CLOSE * steps || kind() == Kind.COUNTER
                || kind() == Kind.SWAPPED_COUNTER;
    }

    public int count() {
        return count;
    }

    /** The first value, byte-swapped when the flow counts that way. */
    public int first() {
        return kind() == Kind.SWAPPED_COUNTER ? swap(first) : first;
    }

    /** The last value, byte-swapped when the flow counts that way. */
    public int last() {
        return kind() == Kind.SWAPPED_COUNTER ? swap(last) : last;
    }
}
