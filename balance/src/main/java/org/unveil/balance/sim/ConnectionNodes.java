package org.unveil.balance.sim;

import java.util.Arrays;

/**
 * The node each active connection was last sent to, in an open-addressing table of primitives (connection
 * numbers are longs), with a mark per connection for "membership changed since its last packet".
 */
final class ConnectionNodes {
    static final int ABSENT = -1;
    private static final long FREE = -1;
    private static final long DELETED = -2;
    private static final int MARK = 1 << 30;

    private long[] keys = new long[1 << 12];
    private int[] values = new int[1 << 12];
    private int size;
    private int used;

    ConnectionNodes() {
        Arrays.fill(keys, FREE);
    }

    /** The stored node (mark cleared), or {@link #ABSENT}. */
    int node(long connection) {
        int slot = find(connection);
        return slot < 0 ? ABSENT : values[slot] & ~MARK;
    }

    /** Whether the connection was active at the last membership change and has not been seen since. */
    boolean marked(long connection) {
        int slot = find(connection);
        return slot >= 0 && (values[slot] & MARK) != 0;
    }

    void put(long connection, int node) {
        int slot = find(connection);
        if (slot >= 0) {
            values[slot] = node;
            return;
        }
        if ((used + 1) * 2 > keys.length) {
            rehash(size * 4 > keys.length ? keys.length * 2 : keys.length);
        }
        int mask = keys.length - 1;
        int s = hash(connection) & mask;
        while (keys[s] >= 0) {
            s = (s + 1) & mask;
        }
        if (keys[s] == FREE) {
            used++;
        }
        keys[s] = connection;
        values[s] = node;
        size++;
    }

    void remove(long connection) {
        int slot = find(connection);
        if (slot >= 0) {
            keys[slot] = DELETED;
            size--;
        }
    }

    /** Marks every active connection; returns how many there are. */
    int markAll() {
        for (int i = 0; i < keys.length; i++) {
            if (keys[i] >= 0) {
                values[i] |= MARK;
            }
        }
        return size;
    }

    int size() {
        return size;
    }

    private int find(long connection) {
        int mask = keys.length - 1;
        int s = hash(connection) & mask;
        while (keys[s] != FREE) {
            if (keys[s] == connection) {
                return s;
            }
            s = (s + 1) & mask;
        }
        return -1;
    }

    private static int hash(long k) {
        long h = k * 0x9E3779B97F4A7C15L;
        return (int) (h ^ (h >>> 32));
    }

    private void rehash(int capacity) {
        long[] oldKeys = keys;
        int[] oldValues = values;
        keys = new long[capacity];
        values = new int[capacity];
        Arrays.fill(keys, FREE);
        size = 0;
        used = 0;
        for (int i = 0; i < oldKeys.length; i++) {
            if (oldKeys[i] >= 0) {
                int mask = capacity - 1;
                int s = hash(oldKeys[i]) & mask;
                while (keys[s] != FREE) {
                    s = (s + 1) & mask;
                }
                keys[s] = oldKeys[i];
                values[s] = oldValues[i];
                size++;
                used++;
            }
        }
    }
}
