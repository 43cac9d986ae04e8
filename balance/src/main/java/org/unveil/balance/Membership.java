package org.unveil.balance;

import java.util.Arrays;

/**
 * Which nodes of a simulated cluster are alive, with the live ones listed in ascending order; shared by the
 * schedulers, each of which keeps its own view (GLOB's is what its heartbeat monitor reports, section 12.3.3).
 */
public final class Membership {
    private final boolean[] alive;
    private final int[] live;
    private int count;

    /** Nodes {@code 0 .. nodes-1} alive; ids up to {@code max(nodes, maxNodes)-1} may join later. */
    public Membership(int nodes, int maxNodes) {
        if (nodes < 1) {
            throw new IllegalArgumentException("a cluster needs at least one node, got " + nodes);
        }
        alive = new boolean[Math.max(nodes, maxNodes)];
        live = new int[alive.length];
        for (int node = 0; node < nodes; node++) {
            alive[node] = true;
            live[node] = node;
        }
        count = nodes;
    }

    /** How many node ids exist (alive or not). */
    public int capacity() {
        return alive.length;
    }

    public int count() {
        return count;
    }

    /** The {@code index}-th live node in ascending id order. */
    public int get(int index) {
        return live[index];
    }

    /** False also for ids outside the cluster (-1 stands for "no node" in places). */
    public boolean isAlive(int node) {
        return node >= 0 && node < alive.length && alive[node];
    }

    public void down(int node) {
        check(node);
        if (alive[node]) {
            alive[node] = false;
            int at = Arrays.binarySearch(live, 0, count, node);
            System.arraycopy(live, at + 1, live, at, count - at - 1);
            count--;
        }
    }

    public void up(int node) {
        check(node);
        if (!alive[node]) {
            alive[node] = true;
            int at = -Arrays.binarySearch(live, 0, count, node) - 1;
            System.arraycopy(live, at, live, at + 1, count - at);
            live[at] = node;
            count++;
        }
    }

    /** Fails fast when a packet arrives while the whole cluster is down. */
    public void requireLive() {
        if (count == 0) {
            throw new IllegalStateException("no live node to assign to");
        }
    }

    private void check(int node) {
        if (node < 0 || node >= alive.length) {
            throw new IllegalArgumentException("node " + node + " outside 0.." + (alive.length - 1)
                    + " (raise maxNodes)");
        }
    }
}
