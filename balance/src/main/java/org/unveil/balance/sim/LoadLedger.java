package org.unveil.balance.sim;

import java.util.Map;
import java.util.TreeMap;

/**
 * Bytes each node handled in each fixed window of virtual time (10 s in the thesis), and which nodes were
 * alive during it. Only windows that saw traffic or a membership change are stored, so a capture with a
 * long silence (or a damaged timestamp) costs nothing; memory grows with busy windows × nodes, not packets.
 */
public final class LoadLedger {
    private final long windowNanos;
    private final int nodes;
    private final long startNanos;
    private final TreeMap<Long, long[]> bytes = new TreeMap<>();
    private final TreeMap<Long, boolean[]> alive = new TreeMap<>();
    private final boolean[] aliveNow;
    private long endNanos = Long.MAX_VALUE;

    LoadLedger(long startNanos, long windowNanos, int nodes, boolean[] aliveAtStart) {
        this.startNanos = startNanos;
        this.windowNanos = windowNanos;
        this.nodes = nodes;
        this.aliveNow = aliveAtStart.clone();
    }

    private long window(long timeNanos) {
        long w = Math.max(0, (timeNanos - startNanos) / windowNanos);
        if (!bytes.containsKey(w)) {
            bytes.put(w, new long[nodes]);
            alive.put(w, aliveNow.clone());
        }
        return w;
    }

    void add(long timeNanos, int node, int packetBytes) {
        bytes.get(window(timeNanos))[node] += packetBytes;
    }

    /** A membership change: the node counts as alive in every window it was alive for some of. */
    void setAlive(long timeNanos, int node, boolean isAlive) {
        long w = window(timeNanos);
        aliveNow[node] = isAlive;
        if (isAlive) {
            alive.get(w)[node] = true;
        }
    }

    /** The trace ended at {@code lastNanos}: a last window cut short by it is left out of the statistics. */
    void endAt(long lastNanos) {
        this.endNanos = lastNanos;
    }

    public long windowNanos() {
        return windowNanos;
    }

    public int nodes() {
        return nodes;
    }

    /** The stored windows' numbers (window k covers [k, k+1) × the window length from the first packet), in order. */
    public long[] windows() {
        return bytes.keySet().stream().mapToLong(Long::longValue).toArray();
    }

    /**
     * The stored windows the trace covered completely, from window {@code from} on; a final window cut short
     * holds too little traffic to say anything about balance (kept when it is the only one).
     */
    public long[] completeWindows(long from) {
        long covered = endNanos == Long.MAX_VALUE ? Long.MAX_VALUE : (endNanos - startNanos) / windowNanos;
        long limit = Math.max(covered, 1);
        return bytes.keySet().stream().mapToLong(Long::longValue).filter(w -> w >= from && w < limit).toArray();
    }

    public long bytes(long window, int node) {
        long[] b = bytes.get(window);
        return b == null ? 0 : b[node];
    }

    public boolean alive(long window, int node) {
        Map.Entry<Long, boolean[]> e = alive.floorEntry(window);
        return e == null ? aliveNow[node] : e.getValue()[node];
    }

    /** Nodes alive during {@code window}. */
    public int liveNodes(long window) {
        int live = 0;
        for (int n = 0; n < nodes; n++) {
            live += alive(window, n) ? 1 : 0;
        }
        return live;
    }

    /**
     * Node {@code node}'s load in {@code window} relative to an even share among the live nodes (1 = its
     * fair share), or NaN when it was not alive or nothing was offered.
     */
    public double relativeLoad(long window, int node) {
        if (!alive(window, node)) {
            return Double.NaN;
        }
        long total = 0;
        for (int n = 0; n < nodes; n++) {
            total += bytes(window, n);
        }
        return total == 0 ? Double.NaN : bytes(window, node) * (double) liveNodes(window) / total;
    }
}
