package org.unveil.hosts.cluster;

import java.util.Arrays;

/**
 * One group's partners (group ids) and the bits of evidence towards each, for {@link GroupAffinity}: open
 * addressing with linear probing, kept at most half full, and removal by shifting back the entries after the
 * hole (no tombstones, so a row that loses and gains partners as groups merge never fills with them).
 */
final class PartnerRow {
    private static final int FREE = -1;
    private int[] ids = free(4);
    private double[] bits = new double[4];
    private int size;

    private static int[] free(int capacity) {
        int[] a = new int[capacity];
        Arrays.fill(a, FREE);
        return a;
    }

    private int slot(int id) {
        return (id * 0x9E3779B1) >>> (32 - Integer.numberOfTrailingZeros(ids.length));
    }

    /** The bits towards {@code id}; 0 when it is no partner. */
    double get(int id) {
        int mask = ids.length - 1;
        for (int s = slot(id);; s = (s + 1) & mask) {
            if (ids[s] == id) {
                return bits[s];
            }
            if (ids[s] == FREE) {
                return 0;
            }
        }
    }

    /** Adds {@code more} bits towards {@code id}, a partner from now on. */
    void add(int id, double more) {
        int mask = ids.length - 1;
        int s = slot(id);
        while (ids[s] != FREE && ids[s] != id) {
            s = (s + 1) & mask;
        }
        if (ids[s] == id) {
            bits[s] += more;
            return;
        }
        ids[s] = id;
        bits[s] = more;
        if (++size * 2 > ids.length) {
            grow();
        }
    }

    void remove(int id) {
        int mask = ids.length - 1;
        int s = slot(id);
        while (ids[s] != id) {
            if (ids[s] == FREE) {
                return;
            }
            s = (s + 1) & mask;
        }
        size--;
        // shift back the entries after it that probed past it, so no lookup stops early at the hole
        for (int next = (s + 1) & mask; ids[next] != FREE; next = (next + 1) & mask) {
            int home = slot(ids[next]);
            if (((next - home) & mask) >= ((next - s) & mask)) {
                ids[s] = ids[next];
                bits[s] = bits[next];
                s = next;
            }
        }
        ids[s] = FREE;
    }

    /** The partners, in no particular order (but always the same for the same adds and removes). */
    int[] ids() {
        int[] out = new int[size];
        int n = 0;
        for (int id : ids) {
            if (id != FREE) {
                out[n++] = id;
            }
        }
        return out;
    }

    private void grow() {
        int[] oldIds = ids;
        double[] oldBits = bits;
        ids = free(oldIds.length * 2);
        bits = new double[oldIds.length * 2];
        size = 0;
        for (int s = 0; s < oldIds.length; s++) {
            if (oldIds[s] != FREE) {
                add(oldIds[s], oldBits[s]);
            }
        }
    }
}
