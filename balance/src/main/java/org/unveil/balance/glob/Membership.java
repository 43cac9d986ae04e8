package org.unveil.balance.glob;

/** Which nodes are alive, as the heartbeat monitor of §12.3.3 reports it to every node. */
final class Membership {
    private final boolean[] live;
    private int liveCount;

    Membership(int maxNodes, int initiallyLive) {
        live = new boolean[maxNodes];
        for (int node = 0; node < initiallyLive; node++) {
            live[node] = true;
        }
        liveCount = initiallyLive;
    }

    int maxNodes() {
        return live.length;
    }

    boolean isLive(int node) {
        return node >= 0 && node < live.length && live[node];
    }

    int liveCount() {
        return liveCount;
    }

    void down(int node) {
        if (!isLive(node)) {
            throw new IllegalArgumentException("node " + node + " is not alive");
        }
        if (liveCount == 1) {
            throw new IllegalStateException("the last live node cannot go down");
        }
        live[node] = false;
        liveCount--;
    }

    void up(int node) {
        if (node < 0 || node >= live.length || live[node]) {
            throw new IllegalArgumentException("node " + node + " cannot join");
        }
        live[node] = true;
        liveCount++;
    }
}
