package org.unveil.balance.sim;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import org.unveil.balance.ConnectionTable;
import org.unveil.balance.Scheduler;
import org.unveil.balance.SimPacket;
import org.unveil.balance.SimulationContext;
import org.unveil.balance.traffic.TrafficSink;
import org.unveil.balance.traffic.TrafficSource;

/**
 * Runs one scheduler over one packet stream in virtual time (the thesis's model framework, section 12.2):
 * applies membership changes when their time comes, asks the scheduler for each packet's node, and books
 * loads, broken connections and remaps.
 */
public final class Simulator {
    public static final long WINDOW_NANOS = 10_000_000_000L;
    public static final long STABLE_AFTER_NANOS = 180_000_000_000L;
    private static final int MARKED = 1 << 30;
    /** How many nodes beyond the initial ones joins may add. */
    public static final int MAX_JOINED = 64;

    private Simulator() {
    }

    /** The cluster: its initial size, the most nodes joins may bring, and the membership changes. */
    public record Cluster(int nodes, List<MembershipChange> changes) {
        public Cluster {
            for (MembershipChange c : changes) {
                if (!c.joins() && c.node() >= nodes && changes.stream().noneMatch(j -> j.joins() && j.node() == c.node())) {
                    throw new IllegalArgumentException("node " + c.node() + " cannot fail: a " + nodes
                            + "-node cluster has nodes 0.." + (nodes - 1));
                }
                if (c.joins() && c.node() >= nodes + MAX_JOINED) {
                    throw new IllegalArgumentException("node " + c.node() + " cannot join a " + nodes
                            + "-node cluster: ids go up to " + (nodes + MAX_JOINED - 1));
                }
            }
        }

        public int maxNodes() {
            int max = nodes;
            for (MembershipChange c : changes) {
                max = Math.max(max, c.node() + 1);
            }
            return max;
        }
    }

    /** Runs {@code scheduler} over every packet of {@code source}, pulled one at a time. */
    public static RunResult run(Scheduler scheduler, TrafficSource source, Cluster cluster, long seed)
            throws IOException {
        Run run = start(scheduler, cluster, seed);
        source.playInto(run);
        return run.finish();
    }

    /** A run the caller feeds packet by packet (a capture pushes its packets), then finishes. */
    public static Run start(Scheduler scheduler, Cluster cluster, long seed) {
        return new Run(scheduler, cluster, seed);
    }

    /** One scheduler's run over a packet stream, fed in virtual-time order. */
    public static final class Run implements TrafficSink {
        private final Scheduler scheduler;
        private final Cluster cluster;
        private final int maxNodes;
        private final boolean[] alive;
        private final List<MembershipChange> changes;
        // the node each active connection was last sent to; MARKED: active at the last membership change
        private final ConnectionTable connections = new ConnectionTable();
        private LoadLedger ledger;
        private long start;
        private long last;
        private int nextChange;
        private long packets;
        private long bytes;
        private long connectionCount;
        private long brokenByTransfer;
        private long brokenByFailure;
        private long remapChecked;
        private long remapped;
        private double idealSum;
        private int changesApplied;

        private Run(Scheduler scheduler, Cluster cluster, long seed) {
            this.scheduler = scheduler;
            this.cluster = cluster;
            maxNodes = cluster.maxNodes();
            alive = new boolean[maxNodes];
            for (int n = 0; n < cluster.nodes(); n++) {
                alive[n] = true;
            }
            changes = new ArrayList<>(cluster.changes());
            changes.sort(Comparator.comparingLong(MembershipChange::afterNanos));
            scheduler.start(cluster.nodes(), new SimulationContext(new Random(seed), maxNodes));
        }

        @Override
        public void add(SimPacket p) {
            if (ledger == null) {
                start = p.timeNanos;
                ledger = new LoadLedger(start, WINDOW_NANOS, maxNodes, alive);
            }
            last = p.timeNanos;
            // compared as a difference, so a change far in the future cannot overflow into the past
            while (nextChange < changes.size() && p.timeNanos - start >= changes.get(nextChange).afterNanos()) {
                applyChange(changes.get(nextChange++));
            }
            scheduler.advanceTo(p.timeNanos);
            int node = scheduler.assign(p);
            if (node < 0 || node >= maxNodes || !alive[node]) {
                throw new IllegalStateException(scheduler.name() + " sent a packet to node " + node
                        + ", which is not a live node");
            }
            ledger.add(p.timeNanos, node, p.bytes);
            packets++;
            bytes += p.bytes;
            if (p.firstOfConnection) {
                connectionCount++;
            }
            int stored = connections.get(p.connection);
            int previous = stored & ~MARKED;
            if (stored != ConnectionTable.MISSING) {
                if ((stored & MARKED) != 0) {
                    remapChecked++;
                    remapped += previous != node ? 1 : 0;
                }
                if (previous != node) {
                    if (alive[previous]) {
                        brokenByTransfer++;
                    } else {
                        brokenByFailure++;
                    }
                }
            }
            if (p.lastOfConnection) {
                connections.remove(p.connection);
            } else {
                connections.put(p.connection, node);
            }
        }

        private void applyChange(MembershipChange c) {
            if (alive[c.node()] == c.joins()) {
                return; // already in that state
            }
            int liveBefore = count(alive);
            if (!c.joins() && liveBefore == 1) {
                throw new IllegalArgumentException("node " + c.node() + " cannot fail at "
                        + c.afterNanos() / 1e9 + " s: it is the last live node");
            }
            alive[c.node()] = c.joins();
            long at = start + c.afterNanos();
            ledger.setAlive(at, c.node(), c.joins());
            if (c.joins()) {
                scheduler.nodeUp(c.node(), at);
            } else {
                scheduler.nodeDown(c.node(), at);
            }
            connections.updateAll(node -> node | MARKED);
            idealSum += 1.0 / Math.max(liveBefore, count(alive));
            changesApplied++;
        }

        /**
         * The run's result once its last packet is in.
         *
         * @throws IOException when it was fed no packet
         */
        public RunResult finish() throws IOException {
            scheduler.advanceTo(last);
            if (ledger == null) {
                throw new IOException("the traffic source gave no packets");
            }
            ledger.endAt(last);
            return result(scheduler, cluster.nodes(), ledger, brokenByTransfer, brokenByFailure,
                    remapChecked == 0 ? 0 : (double) remapped / remapChecked,
                    changesApplied == 0 ? 0 : idealSum / changesApplied, packets, bytes, connectionCount);
        }
    }

    private static int count(boolean[] alive) {
        int n = 0;
        for (boolean a : alive) {
            n += a ? 1 : 0;
        }
        return n;
    }

    private static RunResult result(Scheduler scheduler, int nodes, LoadLedger ledger, long brokenByTransfer,
            long brokenByFailure, double remapped, double ideal, long packets, long bytes, long connections) {
        long stableFrom = STABLE_AFTER_NANOS / ledger.windowNanos();
        double[] totals = new double[ledger.nodes()];
        int present = 0;
        for (int n = 0; n < ledger.nodes(); n++) {
            boolean ever = false;
            for (long w : ledger.windows()) {
                totals[n] += ledger.bytes(w, n);
                ever |= ledger.alive(w, n);
            }
            present += ever ? 1 : 0;
        }
        double sum = 0;
        double squares = 0;
        double max = 0;
        for (double t : totals) {
            sum += t;
            squares += t * t;
            max = Math.max(max, t);
        }
        double mean = sum / present;
        double variance = squares / present - mean * mean;
        return new RunResult(scheduler.name(), nodes, LoadStatistics.of(ledger, 0),
                LoadStatistics.of(ledger, stableFrom), sum * sum / (present * squares),
                max / mean, Math.sqrt(Math.max(0, variance)) / mean, brokenByTransfer, brokenByFailure, remapped,
                ideal, scheduler.controlMessages(), packets, bytes, connections, scheduler.threshold(), ledger);
    }
}
