package org.unveil.gateway;

import java.util.Arrays;

/** §12.3.3's heartbeat monitor: a peer not heard from within the timeout is failed; hearing it again revives it. */
final class FailureDetector {
    private final long timeoutNanos;
    private final long[] lastHeard;
    private final boolean[] alive;
    private final int self;

    /** Every node starts alive, heard from at {@code now}: a cluster is configured, not discovered. */
    FailureDetector(int self, int nodes, long timeoutNanos, long now) {
        this.self = self;
        this.timeoutNanos = timeoutNanos;
        this.lastHeard = new long[nodes];
        this.alive = new boolean[nodes];
        Arrays.fill(lastHeard, now);
        Arrays.fill(alive, true);
    }

    /** Returns true when {@code node} was failed and is back. */
    boolean heard(int node, long now) {
        if (node < 0 || node >= alive.length || node == self) {
            return false;
        }
        lastHeard[node] = now;
        if (!alive[node]) {
            alive[node] = true;
            return true;
        }
        return false;
    }

    /** The peers that fell silent since the last call, or -1 when none (call until -1). */
    int nextFailed(long now) {
        for (int node = 0; node < alive.length; node++) {
            if (node != self && alive[node] && now - lastHeard[node] > timeoutNanos) {
                alive[node] = false;
                return node;
            }
        }
        return -1;
    }

    boolean isAlive(int node) {
        return alive[node];
    }

    /** The lowest live id: the node that answers ARP for the shared addresses. */
    int lowestLive() {
        for (int node = 0; node < alive.length; node++) {
            if (alive[node]) {
                return node;
            }
        }
        return self;
    }

    boolean[] live() {
        return alive.clone();
    }
}
