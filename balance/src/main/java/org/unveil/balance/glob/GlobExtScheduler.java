package org.unveil.balance.glob;

import org.unveil.glob.Rule;
import org.unveil.glob.RuleView;

import org.unveil.balance.ConnectionTable;
import org.unveil.balance.Membership;
import org.unveil.balance.Scheduler;
import org.unveil.balance.SimPacket;
import org.unveil.balance.SimulationContext;

/**
 * GLOB with the thesis's extensions and what Maglev and bounded-load hashing teach (balance/README.md, "Our
 * GLOB"). Rules still partition the internal x external port space and every node sees every packet, but:
 * <ul>
 * <li>the cluster starts from a simple load division (§12.6, footnote 74) instead of one rule on node 0:
 *     the client-port space cut into equal rules dealt round-robin, as a Maglev table is;</li>
 * <li>rules split only along the internal (client) port, so a service's ports stay together in every rule
 *     (§12.5.4), and idle sibling rules on one node are merged back (§12.5.3);</li>
 * <li>transfers are non-disruptive (§12.5.6): each node tracks the connections it accepted, and a rule that
 *     changes hands takes only new connections with it, so no connection ever moves between live nodes;</li>
 * <li>a new connection is admitted by its rule's primary only while that node's load is under a bound of
 *     (1 + epsilon) times the mean; otherwise it walks the rule's preference list (backup first, which sees
 *     the packet anyway through the two-stage filter of §12.5.5) to the first node under the bound, as
 *     consistent hashing with bounded loads does;</li>
 * <li>polls are short (1 s; §12.5.2's dynamic interval), and the loads are those broadcast at the last poll
 *     plus what each node admitted since, which every node can count because every node sees every SYN.</li>
 * </ul>
 */
public final class GlobExtScheduler implements Scheduler {
    static final long POLL_NANOS = 1_000_000_000L;
    /** Bytes a second a node's load estimate is made of: this much history, the rest the last poll. */
    static final double HISTORY = 0.5;
    /** A node over this multiple of the mean admits no new connection of its rules. */
    static final double BOUND = 1.05;
    /** A node over this multiple of the mean hands one rule (its new connections) to the lightest node. */
    static final double THRESHOLD = 1.1;
    /** Initial rules per node of the first cluster, rounded up to a power of two. */
    static final int RULES_PER_NODE = 32;

    private RuleTable table;
    private Membership membership;
    private final ConnectionTable accepted = new ConnectionTable();
    /** Per node: estimated bytes a second (broadcast at the last poll), bytes since, admissions since. */
    private double[] load;
    private long[] pollBytes;
    private double[] admittedRate;
    /** Mean bytes a second a new connection adds in its first poll, learnt from the trace as it goes. */
    private double newConnectionRate;
    /** Bytes and count of the connections admitted in the current poll (marked {@link #NEW} in the table). */
    private long newConnectionBytes;
    private int newConnections;
    private static final int NEW = 1 << 30;
    private long nextPollNanos = Long.MIN_VALUE;
    private long controlMessages;

    @Override
    public String name() {
        return "glob-ext";
    }

    @Override
    public void start(int nodeCount, SimulationContext context) {
        int capacity = Math.max(nodeCount, context.maxNodes());
        membership = new Membership(nodeCount, capacity);
        table = new RuleTable(0);
        int rules = Integer.highestOneBit(Math.max(1, nodeCount * RULES_PER_NODE - 1)) << 1;
        while (table.rules().size() < rules) {
            table.split(table.rules().getFirst(), false);
        }
        int next = 0;
        for (Rule rule : table.rules().stream().sorted(java.util.Comparator.comparingInt(r -> r.internal().lo()))
                .toList()) {
            rule.assign(next % nodeCount, (next + 1) % nodeCount == next % nodeCount ? Rule.NO_BACKUP
                    : (next + 1) % nodeCount);
            next++;
        }
        load = new double[capacity];
        pollBytes = new long[capacity];
        admittedRate = new double[capacity];
    }

    @Override
    public int assign(SimPacket packet) {
        Rule rule = table.lookup(packet.internalPort, packet.externalPort);
        rule.count(packet.bytes);
        int stored = accepted.get(packet.connection);
        int node;
        if (stored == ConnectionTable.MISSING) {
            // a new connection (or one whose node died): admitted under the bound
            node = admit(rule);
            accepted.put(packet.connection, node | NEW);
            admittedRate[node] += newConnectionRate;
            newConnections++;
            newConnectionBytes += packet.bytes;
        } else {
            node = stored & ~NEW;
            if ((stored & NEW) != 0) {
                newConnectionBytes += packet.bytes;
            }
        }
        pollBytes[node] += packet.bytes;
        if (packet.lastOfConnection) {
            accepted.remove(packet.connection);
        }
        return node;
    }

    /** The first node of the rule's preference list (primary, backup, then the following ids) under the bound. */
    private int admit(Rule rule) {
        double total = 0;
        for (int i = 0; i < membership.count(); i++) {
            total += estimate(membership.get(i));
        }
        double bound = BOUND * total / membership.count();
        int primary = rule.primary();
        if (estimate(primary) <= bound) {
            return primary;
        }
        if (rule.hasBackup() && estimate(rule.backup()) <= bound) {
            return rule.backup();
        }
        int best = primary;
        int start = rule.hasBackup() ? rule.backup() : primary;
        for (int step = 1; step <= membership.capacity(); step++) {
            int node = (start + step) % membership.capacity();
            if (!membership.isAlive(node)) {
                continue;
            }
            if (estimate(node) <= bound) {
                return node;
            }
            if (estimate(node) < estimate(best)) {
                best = node;
            }
        }
        return best;
    }

    private double estimate(int node) {
        return load[node] + admittedRate[node];
    }

    @Override
    public void advanceTo(long nowNanos) {
        if (nextPollNanos == Long.MIN_VALUE) {
            nextPollNanos = nowNanos + POLL_NANOS;
        }
        while (nextPollNanos <= nowNanos) {
            poll();
            nextPollNanos += POLL_NANOS;
            if (nextPollNanos <= nowNanos && totalPollBytes() == 0) {
                // a silence: nothing changes until traffic comes back
                nextPollNanos += (nowNanos - nextPollNanos) / POLL_NANOS * POLL_NANOS;
            }
        }
    }

    private long totalPollBytes() {
        long sum = 0;
        for (long b : pollBytes) {
            sum += b;
        }
        return sum;
    }

    private void poll() {
        double seconds = POLL_NANOS / 1e9;
        for (int node = 0; node < load.length; node++) {
            load[node] = HISTORY * load[node] + (1 - HISTORY) * pollBytes[node] / seconds;
            pollBytes[node] = 0;
            admittedRate[node] = 0;
        }
        learn(newConnectionBytes, newConnections);
        newConnectionBytes = 0;
        newConnections = 0;
        accepted.updateAll(stored -> stored & ~NEW);
        table.endPoll(1.0 / 3);
        controlMessages += (long) membership.count() * (membership.count() - 1); // the state broadcasts
        rebalance();
    }

    /** Learns what a new connection weighs, from the connections admitted in the poll that just ended. */
    private void learn(long bytes, int connections) {
        if (connections > 0) {
            double rate = bytes / (POLL_NANOS / 1e9) / connections;
            newConnectionRate = newConnectionRate == 0 ? rate : HISTORY * newConnectionRate + (1 - HISTORY) * rate;
        }
    }

    /**
     * The heaviest node over the threshold gives its heaviest unmodified rule to the lightest node
     * (non-disruptively: its connections stay); sibling rules that are idle on one node merge back, and a
     * node left with one rule splits it, so there are always rules to hand over.
     */
    private void rebalance() {
        int heaviest = -1;
        int lightest = -1;
        double total = 0;
        for (int i = 0; i < membership.count(); i++) {
            int node = membership.get(i);
            total += load[node];
            if (heaviest < 0 || load[node] > load[heaviest]) {
                heaviest = node;
            }
            if (lightest < 0 || load[node] < load[lightest]) {
                lightest = node;
            }
        }
        double mean = total / membership.count();
        if (heaviest != lightest && load[heaviest] > THRESHOLD * mean) {
            Rule rule = table.heaviestOf(heaviest, r -> !r.modified());
            if (rule != null && table.rulesOf(heaviest).size() > 1) {
                rule.assign(lightest, heaviest);
                controlMessages += 2;
            }
        }
        mergeIdle(mean);
    }

    /** §12.5.3: sibling rules of one node that together carry under 1% of the mean share become one again. */
    private void mergeIdle(double mean) {
        double totalRuleLoad = table.totalLoad();
        double idle = 0.01 * totalRuleLoad / membership.count();
        for (Rule rule : java.util.List.copyOf(table.rules())) {
            if (!table.holds(rule) || rule.modified()) {
                continue;
            }
            Rule sibling = table.sibling(rule);
            if (sibling != null && sibling.primary() == rule.primary() && !sibling.modified()
                    && rule.load() + sibling.load() < idle && table.rulesOf(rule.primary()).size() > 2) {
                table.merge(rule);
                controlMessages++;
            }
        }
    }

    @Override
    public void nodeDown(int node, long nowNanos) {
        advanceTo(nowNanos);
        if (!membership.isAlive(node) || membership.count() == 1) {
            throw new IllegalStateException("node " + node + " cannot go down: "
                    + (membership.isAlive(node) ? "it is the last live node" : "it is not alive"));
        }
        membership.down(node);
        controlMessages += membership.count();
        // its connections are lost with it (counted as broken by the failure); their next packets go where
        // the lightest survivor is, as the heartbeat monitor's takeover would send them
        accepted.updateAll(stored -> stored & ~NEW);
        accepted.reassign(node, connection -> lightestLive());
        for (Rule rule : table.rules()) {
            if (rule.backup() == node) {
                rule.dropBackup();
            }
        }
        for (Rule rule : table.rules()) {
            if (rule.primary() == node) {
                int heir = rule.hasBackup() ? rule.backup() : fewestRules();
                rule.assign(heir, Rule.NO_BACKUP);
            }
        }
        for (Rule rule : table.rules()) {
            if (!rule.hasBackup() && membership.count() > 1) {
                rule.assign(rule.primary(), nextLive(rule.primary()));
            }
        }
        load[node] = 0;
        pollBytes[node] = 0;
        admittedRate[node] = 0;
    }

    /** A node joins and is dealt its share of every node's rules at once; only new connections follow them. */
    @Override
    public void nodeUp(int node, long nowNanos) {
        advanceTo(nowNanos);
        membership.up(node);
        controlMessages += membership.count() - 1;
        // every count-th rule of each node, so each gives up its fair part and the newcomer gets 1/count
        int[] seen = new int[membership.capacity()];
        for (Rule rule : table.rules()) {
            int owner = rule.primary();
            if (owner != node && ++seen[owner] % membership.count() == 0) {
                rule.assign(node, owner);
            }
        }
        load[node] = 0;
        pollBytes[node] = 0;
        admittedRate[node] = 0;
    }

    private int lightestLive() {
        int best = membership.get(0);
        for (int i = 1; i < membership.count(); i++) {
            if (estimate(membership.get(i)) < estimate(best)) {
                best = membership.get(i);
            }
        }
        return best;
    }

    private int fewestRules() {
        int best = -1;
        int bestCount = Integer.MAX_VALUE;
        for (int i = 0; i < membership.count(); i++) {
            int node = membership.get(i);
            int count = table.rulesOf(node).size();
            if (count < bestCount) {
                best = node;
                bestCount = count;
            }
        }
        return best;
    }

    private int nextLive(int node) {
        for (int step = 1; step < membership.capacity(); step++) {
            int next = (node + step) % membership.capacity();
            if (membership.isAlive(next)) {
                return next;
            }
        }
        return Rule.NO_BACKUP;
    }

    @Override
    public long controlMessages() {
        return controlMessages;
    }

    @Override
    public double threshold() {
        return THRESHOLD;
    }

    /** The current rules in id order. */
    public java.util.List<RuleView> rules() {
        return table.views();
    }
}
