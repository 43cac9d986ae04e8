package org.unveil.balance;

import java.util.Arrays;
import java.util.function.IntUnaryOperator;
import java.util.function.LongToIntFunction;

/** Connection number → node, an open-addressing map of primitives (linear probing, backward-shift delete). */
public final class ConnectionTable {
    private static final long EMPTY = Long.MIN_VALUE;
    /** What {@link #get} answers for a connection not in the table. */
    public static final int MISSING = -1;

    private long[] keys = emptyKeys(16);
    private int[] nodes = new int[16];
    private int size;

    /** The node of {@code connection}, or -1 when it is not in the table. */
    public int get(long connection) {
        int mask = keys.length - 1;
        for (int slot = slot(connection, mask); ; slot = (slot + 1) & mask) {
            if (keys[slot] == connection) {
                return nodes[slot];
            }
            if (keys[slot] == EMPTY) {
                return MISSING;
            }
        }
    }

    public void put(long connection, int node) {
        if (connection == EMPTY) {
            throw new IllegalArgumentException("connection number " + connection + " is reserved");
        }
        if (2 * (size + 1) > keys.length) {
            grow();
        }
        int mask = keys.length - 1;
        int slot = slot(connection, mask);
        while (keys[slot] != EMPTY && keys[slot] != connection) {
            slot = (slot + 1) & mask;
        }
        if (keys[slot] == EMPTY) {
            keys[slot] = connection;
            size++;
        }
        nodes[slot] = node;
    }

    public void remove(long connection) {
        int mask = keys.length - 1;
        int slot = slot(connection, mask);
        while (keys[slot] != connection) {
            if (keys[slot] == EMPTY) {
                return;
            }
            slot = (slot + 1) & mask;
        }
        // Backward-shift deletion (Knuth 6.4, algorithm R): no tombstones, so lookups stay short.
        int hole = slot;
        for (int next = (hole + 1) & mask; keys[next] != EMPTY; next = (next + 1) & mask) {
            int home = slot(keys[next], mask);
            if (((next - home) & mask) >= ((next - hole) & mask)) {
                keys[hole] = keys[next];
                nodes[hole] = nodes[next];
                hole = next;
            }
        }
        keys[hole] = EMPTY;
        size--;
    }

    public int size() {
        return size;
    }

    /** Moves every connection on {@code from} to the node {@code destination} picks for it. */
    public void reassign(int from, LongToIntFunction destination) {
        for (int slot = 0; slot < keys.length; slot++) {
            if (keys[slot] != EMPTY && nodes[slot] == from) {
                nodes[slot] = destination.applyAsInt(keys[slot]);
            }
        }
    }

    /** Replaces every stored value {@code v} by {@code update(v)}. */
    public void updateAll(IntUnaryOperator update) {
        for (int slot = 0; slot < keys.length; slot++) {
            if (keys[slot] != EMPTY) {
                nodes[slot] = update.applyAsInt(nodes[slot]);
            }
        }
    }

    private void grow() {
        long[] oldKeys = keys;
        int[] oldNodes = nodes;
        keys = emptyKeys(oldKeys.length * 2);
        nodes = new int[oldKeys.length * 2];
        size = 0;
        for (int slot = 0; slot < oldKeys.length; slot++) {
            if (oldKeys[slot] != EMPTY) {
                put(oldKeys[slot], oldNodes[slot]);
            }
        }
    }

    private static int slot(long connection, int mask) {
        long h = connection * 0x9E3779B97F4A7C15L; // Fibonacci hashing: consecutive numbers spread out
        return (int) (h ^ (h >>> 32)) & mask;
    }

    private static long[] emptyKeys(int length) {
        long[] keys = new long[length];
        Arrays.fill(keys, EMPTY);
        return keys;
    }
}
