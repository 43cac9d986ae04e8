package org.unveil.hosts;

import java.util.Locale;

/**
 * How much memory host inference may use, and what follows from it: how many of one address's flows are
 * clustered flow by flow. Clustering keeps evidence edges, pair scores and a group per flow, about 5 KiB a flow
 * ({@link #CLUSTER_BYTES_PER_FLOW}, measured on 100,000 flows of one address); the pass before it keeps a few
 * hundred bytes a flow. Flows of one address beyond what fits are not clustered but attributed, each to the host
 * that most clustered flows with its TTL, OS, SYN layout and User-Agent went to, and the result says so.
 *
 * <p>The default is 1 GiB, or half the JVM's maximum heap when that is smaller (so {@code -Xmx256m} gives
 * 128 MiB): the other half holds the per-flow evidence of the pass and the output.
 */
public record MemoryBudget(long bytes) {
    /** The default budget's ceiling. */
    public static final long DEFAULT_BYTES = 1L << 30;
    /** What clustering holds per flow of one address, generously (edges, pair scores, one group per flow). */
    static final long CLUSTER_BYTES_PER_FLOW = 5 * 1024;
    /**
     * What one pass holds per flow booked, generously: its evidence (about 400 bytes with its counters and
     * clock), its flow table entry (about 90) and its share of the inferred hosts and of the output written from
     * them; measured on ten million flows of a million addresses (hosts/README.md).
     */
    static final long PASS_BYTES_PER_FLOW = 1024;
    /** What a flow past the clustering budget holds while it is open (its evidence, IPID track, table slot). */
    static final long OPEN_BYTES_PER_FLOW = 512;
    /** However small the budget, this many flows past it may be open at once (ManyFlowsGenerator keeps 4,096). */
    static final int MIN_OPEN_FLOWS = 8192;
    /** However small the budget, a pass holds this many flows. */
    static final int MIN_FLOWS_PER_PASS = 1000;
    /** However small the budget, this many flows of an address are clustered. */
    static final int MIN_CLUSTERED_FLOWS = 1000;

    public MemoryBudget {
        if (bytes <= 0) {
            throw new IllegalArgumentException("a memory budget must be positive, not " + bytes);
        }
    }

    /** 1 GiB, or half the JVM's maximum heap if that is less. */
    public static MemoryBudget defaults() {
        return new MemoryBudget(Math.min(DEFAULT_BYTES, Runtime.getRuntime().maxMemory() / 2));
    }

    /**
     * Flows of one address clustered one by one: a quarter of the budget's worth, so one big address and the small
     * ones inferred beside it fit in half of it.
     */
    public int clusteredFlowsPerAddress() {
        return (int) Math.max(MIN_CLUSTERED_FLOWS, Math.min(Integer.MAX_VALUE, bytes / 4 / CLUSTER_BYTES_PER_FLOW));
    }

    /**
     * Flows past the clustering budget held open at once, a sixteenth of the budget's worth; the oldest open one
     * is written to disk when another opens.
     */
    public int openSpilledFlows() {
        return (int) Math.max(MIN_OPEN_FLOWS, Math.min(1 << 24, bytes / 16 / OPEN_BYTES_PER_FLOW));
    }

    /** Flows one pass over the captures books before it leaves part of its addresses to another pass. */
    public int flowsPerPass() {
        return (int) Math.max(MIN_FLOWS_PER_PASS, Math.min(Integer.MAX_VALUE / 2, bytes / PASS_BYTES_PER_FLOW));
    }

    /** The budget in the largest binary unit that keeps it readable ("1 GiB", "256 MiB", "1.5 GiB"). */
    public String describe() {
        String[] units = {"B", "KiB", "MiB", "GiB", "TiB"};
        double v = bytes;
        int u = 0;
        while (v >= 1024 && u < units.length - 1) {
            v /= 1024;
            u++;
        }
        return (v == Math.rint(v) ? String.format(Locale.ROOT, "%.0f", v) : String.format(Locale.ROOT, "%.1f", v))
                + " " + units[u];
    }
}
