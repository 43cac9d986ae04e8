package org.unveil.hosts;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.function.Predicate;

/**
 * The flows past the clustering budget that are still open, found by fingerprint, at most {@code capacity} of
 * them: when one more opens, the oldest is written to its address's {@link FlowSpill} and forgotten, so memory
 * stays flat however many such flows the capture has. Oldest by opening, so each address's spill receives its
 * flows in order of first packet, as the output lists them.
 */
final class LiveFlows {
    private final FlowEvidence[] ring;
    private final long[] ringFingerprint;
    private final FlowSpill[] ringSpill;
    private int head;
    private int size;
    /** Open addressing, fingerprint to ring position; 0 marks an empty slot (fingerprints are made non-zero). */
    private final long[] keys;
    private final int[] values;
    private long evicted;

    LiveFlows(int capacity) {
        ring = new FlowEvidence[capacity];
        ringFingerprint = new long[capacity];
        ringSpill = new FlowSpill[capacity];
        int slots = Integer.highestOneBit(Math.max(4, capacity * 2 - 1)) << 1;
        keys = new long[slots];
        values = new int[slots];
    }

    /** The open flow of this fingerprint, or null. */
    FlowEvidence get(long fingerprint) {
        int at = find(nonZero(fingerprint));
        return at < 0 ? null : ring[values[at]];
    }

    /** Opens {@code flow}, taking the fingerprint over from any older flow of it; may write the oldest out. */
    void open(long fingerprint, FlowEvidence flow, FlowSpill spill) {
        if (size == ring.length) {
            evictOldest();
            evicted++;
        }
        int pos = (head + size) % ring.length;
        ring[pos] = flow;
        ringSpill[pos] = spill;
        long f = nonZero(fingerprint);
        ringFingerprint[pos] = f;
        size++;
        int mask = keys.length - 1;
        for (int i = spread(f) & mask; ; i = (i + 1) & mask) {
            if (keys[i] == 0 || keys[i] == f) {
                keys[i] = f;
                values[i] = pos;
                return;
            }
        }
    }

    /** Writes every open flow out, oldest first: the pass is over. */
    void drain() {
        while (size > 0) {
            evictOldest();
        }
    }

    /** Forgets, unwritten, the open flows whose spill {@code dropped} names (their address left the pass). */
    void drop(Predicate<FlowSpill> dropped) {
        for (int k = 0; k < size; k++) {
            int pos = (head + k) % ring.length;
            if (ring[pos] != null && dropped.test(ringSpill[pos])) {
                unmap(pos);
                ring[pos] = null;
                ringSpill[pos] = null;
            }
        }
    }

    /** Flows written out while still open because newer ones needed the room. */
    long evicted() {
        return evicted;
    }

    private void evictOldest() {
        int pos = head;
        FlowEvidence f = ring[pos];
        if (f != null) {
            unmap(pos);
            try {
                ringSpill[pos].write(f);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        ring[pos] = null;
        ringSpill[pos] = null;
        head = (head + 1) % ring.length;
        size--;
    }

    /** Removes the fingerprint's entry if it still leads to {@code pos} (a newer flow may have taken it over). */
    private void unmap(int pos) {
        int at = find(ringFingerprint[pos]);
        if (at < 0 || values[at] != pos) {
            return;
        }
        // backward-shift deletion keeps every probe chain unbroken without tombstones
        int mask = keys.length - 1;
        int hole = at;
        for (int i = (hole + 1) & mask; keys[i] != 0; i = (i + 1) & mask) {
            int home = spread(keys[i]) & mask;
            if (((i - home) & mask) >= ((i - hole) & mask)) {
                keys[hole] = keys[i];
                values[hole] = values[i];
                hole = i;
            }
        }
        keys[hole] = 0;
    }

    private int find(long f) {
        int mask = keys.length - 1;
        for (int i = spread(f) & mask; ; i = (i + 1) & mask) {
            if (keys[i] == f) {
                return i;
            }
            if (keys[i] == 0) {
                return -1;
            }
        }
    }

    private static long nonZero(long f) {
        return f == 0 ? 1 : f;
    }

    private static int spread(long f) {
        long h = f * 0x9E3779B97F4A7C15L;
        return (int) (h ^ (h >>> 32));
    }
}
