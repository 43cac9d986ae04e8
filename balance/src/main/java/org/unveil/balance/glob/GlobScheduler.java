package org.unveil.balance.glob;

import org.unveil.balance.Membership;
import java.util.List;
import java.util.function.LongConsumer;
import org.unveil.balance.Scheduler;
import org.unveil.balance.SimPacket;
import org.unveil.balance.SimulationContext;

/**
 * Generic LOad-Balancing (thesis §12): nodes negotiate port-space rules peer to peer; a packet goes to the
 * primary node of the one rule containing its (internal port, external port).
 */
public final class GlobScheduler implements Scheduler {
    private static final long NOT_STARTED = Long.MIN_VALUE;

    private final GlobConfig config;
    private RuleTable table;
    private Membership membership;
    private ControlChannel channel;
    private LbNode[] nodes;
    private long nextPollNanos = NOT_STARTED;
    private int pollsRun;
    private LongConsumer pollListener = time -> { };

    /** Polls run through a silence before the rest of it is skipped. */
    private static final int IDLE_POLLS = 50;

    public GlobScheduler() {
        this(GlobConfig.THESIS);
    }

    public GlobScheduler(GlobConfig config) {
        this.config = config;
    }

    @Override
    public String name() {
        return "glob";
    }

    @Override
    public void start(int nodeCount, SimulationContext context) {
        int maxNodes = Math.max(nodeCount, context.maxNodes());
        table = new RuleTable(0);
        membership = new Membership(nodeCount, maxNodes);
        channel = new ControlChannel(config, context.random(), maxNodes);
        nodes = new LbNode[maxNodes];
        for (int node = 0; node < maxNodes; node++) {
            nodes[node] = new LbNode(node, config, table, membership, channel);
        }
    }

    @Override
    public int assign(SimPacket packet) {
        Rule rule = table.lookup(packet.internalPort, packet.externalPort);
        rule.count(packet.bytes);
        return rule.primary();
    }

    /** Polls happen at t0 + k * interval, t0 being the first time the scheduler hears of. */
    @Override
    public void advanceTo(long nowNanos) {
        if (nextPollNanos == NOT_STARTED) {
            nextPollNanos = nowNanos + config.pollIntervalNanos();
        }
        int polls = 0;
        while (nextPollNanos <= nowNanos) {
            poll(nextPollNanos);
            nextPollNanos += config.pollIntervalNanos();
            if (++polls == IDLE_POLLS && nextPollNanos <= nowNanos) {
                // a silence in the trace: after a few empty polls the averaged loads have decayed and
                // further polls change nothing, so skip to the poll after now
                long behind = (nowNanos - nextPollNanos) / config.pollIntervalNanos() + 1;
                nextPollNanos += behind * config.pollIntervalNanos();
            }
        }
    }

    private void poll(long nowNanos) {
        table.endPoll(config.historyFactor());
        for (int node = 0; node < nodes.length; node++) {
            if (membership.isAlive(node)) {
                nodes[node].poll(nowNanos);
            }
        }
        pollsRun++;
        pollListener.accept(nowNanos);
    }

    /**
     * §12.3.3: every survivor takes over the failed node's rules it backs up, at once; a rule whose backup is
     * gone goes to the least-loaded live node so that every packet keeps a live owner.
     */
    @Override
    public void nodeDown(int node, long nowNanos) {
        advanceTo(nowNanos);
        if (!membership.isAlive(node) || membership.count() == 1) {
            throw new IllegalStateException("node " + node + " cannot go down: "
                    + (membership.isAlive(node) ? "it is the last live node" : "it is not alive"));
        }
        membership.down(node);
        channel.count(membership.count()); // the termination message
        channel.clearInbox(node);
        for (Rule rule : table.rules()) {
            if (rule.backup() == node) {
                rule.dropBackup();
            }
        }
        for (Rule rule : table.rules()) {
            if (rule.primary() == node) {
                int heir = rule.hasBackup() ? rule.backup() : leastLoadedLiveNode();
                rule.takeOver(heir);
                nodes[heir].tookOver();
            }
        }
        for (LbNode peer : nodes) {
            peer.peers().forget(node);
        }
    }

    private int leastLoadedLiveNode() {
        int best = -1;
        for (int node = 0; node < nodes.length; node++) {
            if (membership.isAlive(node) && (best < 0 || table.loadOf(node) < table.loadOf(best))) {
                best = node;
            }
        }
        return best;
    }

    /** The node joins without rules and gains load through transfers (§12.1: automatic slow-start). */
    @Override
    public void nodeUp(int node, long nowNanos) {
        advanceTo(nowNanos);
        membership.up(node);
        channel.count(membership.count() - 1);
        channel.clearInbox(node);
        nodes[node].reset();
        for (LbNode peer : nodes) {
            peer.peers().forget(node);
        }
    }

    @Override
    public long controlMessages() {
        return channel.messages();
    }

    @Override
    public double threshold() {
        return config.threshold();
    }

    /** The current rules in id order. */
    public List<RuleView> rules() {
        return table.views();
    }

    public int pollsRun() {
        return pollsRun;
    }

    /** Called after every poll with its virtual time. */
    public void onPoll(LongConsumer listener) {
        this.pollListener = listener;
    }
}
