package org.unveil.balance.sim;

import java.util.ArrayList;
import java.util.List;

/**
 * Bytes each node handled in each fixed window of virtual time (10 s in the thesis), and which nodes were
 * alive during it. Memory grows with windows × nodes, not with packets.
 */
public final class LoadLedger {
    private final long windowNanos;
    private final int nodes;
    private final long startNanos;
    private final List<long[]> bytes = new ArrayList<>();
    private final List<boolean[]> alive = new ArrayList<>();
    private boolean[] aliveNow;

    LoadLedger(long startNanos, long windowNanos, int nodes, boolean[] aliveAtStart) {
        this.startNanos = startNanos;
        this.windowNanos = windowNanos;
        this.nodes = nodes;
        this.aliveNow = aliveAtStart.clone();
    }

    private int window(long timeNanos) {
        int w = (int) Math.max(0, (timeNanos - startNanos) / windowNanos);
        while (bytes.size() <= w) {
            bytes.add(new long[nodes]);
            alive.add(aliveNow.clone());
        }
        return w;
    }

    void add(long timeNanos, int node, int packetBytes) {
        bytes.get(window(timeNanos))[node] += packetBytes;
    }

    /** A membership change: the node counts as alive in every window it was alive for some of. */
    void setAlive(long timeNanos, int node, boolean isAlive) {
        int w = window(timeNanos);
        aliveNow[node] = isAlive;
        if (isAlive) {
            alive.get(w)[node] = true;
        }
    }

    private long endNanos = Long.MAX_VALUE;

    /** The trace ended at {@code lastNanos}: a last window cut short by it is left out of the statistics. */
    void endAt(long lastNanos) {
        this.endNanos = lastNanos;
    }

    /**
     * Windows the trace covered completely (at least one): a final window cut short holds too little traffic
     * to say anything about balance.
     */
    public int completeWindows() {
        long covered = endNanos == Long.MAX_VALUE ? Long.MAX_VALUE : (endNanos - startNanos) / windowNanos;
        return (int) Math.max(1, Math.min(windows(), covered));
    }

    public long windowNanos() {
        return windowNanos;
    }

    public int windows() {
        return bytes.size();
    }

    public int nodes() {
        return nodes;
    }

    public long bytes(int window, int node) {
        return bytes.get(window)[node];
    }

    public boolean alive(int window, int node) {
        return alive.get(window)[node];
    }

    /**
     * Node {@code node}'s load in {@code window} relative to an even share among the live nodes (1 = its
     * fair share), or NaN when it was not alive or nothing was offered.
     */
    public double relativeLoad(int window, int node) {
        if (!alive(window, node)) {
            return Double.NaN;
        }
        long total = 0;
        int live = 0;
        for (int n = 0; n < nodes; n++) {
            total += bytes.get(window)[n];
            live += alive(window, n) ? 1 : 0;
        }
        return total == 0 ? Double.NaN : bytes.get(window)[node] * (double) live / total;
    }
}
