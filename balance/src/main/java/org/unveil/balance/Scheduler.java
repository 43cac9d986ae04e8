package org.unveil.balance;

/**
 * Decides which node of a gateway cluster handles each packet. One instance simulates one cluster for one
 * run. The simulator calls, in virtual-time order: {@link #start} once, then for each packet
 * {@link #advanceTo} and {@link #assign}, with {@link #nodeDown}/{@link #nodeUp} whenever membership
 * changes, and {@link #advanceTo} once more at the end.
 */
public interface Scheduler {

    /** The short name used on the command line (srr, balance, lc, glob, maglev, ...). */
    String name();

    /** Starts with nodes {@code 0 .. nodes-1}, all alive. */
    void start(int nodes, SimulationContext context);

    /**
     * The node that handles {@code packet}; must be a live node. Schedulers that keep per-connection
     * state use {@link SimPacket#firstOfConnection} / {@link SimPacket#lastOfConnection}.
     */
    int assign(SimPacket packet);

    /** Virtual time has reached {@code nowNanos}: periodic work (GLOB's polls) happens here. */
    default void advanceTo(long nowNanos) {
    }

    /** Node {@code node} crashed at {@code nowNanos}; its packets must go elsewhere from now on. */
    void nodeDown(int node, long nowNanos);

    /** Node {@code node} (new, or back after a crash) joined at {@code nowNanos}. */
    void nodeUp(int node, long nowNanos);

    /** Control messages the scheduler's nodes exchanged so far (state broadcasts, transfers, ...). */
    default long controlMessages() {
        return 0;
    }

    /**
     * The load-balancing threshold to draw on plots (GLOB's overload threshold, e.g. 1.1 for 10% above the
     * mean), or NaN when the scheduler has none.
     */
    default double threshold() {
        return Double.NaN;
    }
}
