package org.unveil.balance.glob;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.LongConsumer;
import org.unveil.balance.Scheduler;
import org.unveil.balance.SimPacket;
import org.unveil.balance.SimulationContext;
import org.unveil.glob.GlobConfig;
import org.unveil.glob.GlobNode;
import org.unveil.glob.RuleState;
import org.unveil.glob.RuleView;
import org.unveil.glob.TransferTiming;

/**
 * Generic LOad-Balancing (thesis §12): one {@link GlobNode} engine per simulated node, each with only its
 * own rules and its peers' reported loads, talking over a simulated control network. Every node sees every
 * packet; the one whose rule contains the packet's (internal port, external port) takes it.
 */
public final class GlobScheduler implements Scheduler {
    private static final long NOT_STARTED = Long.MIN_VALUE;

    private final GlobConfig config;
    private GlobNode[] nodes;
    private SimTransport transport;
    private int liveCount;
    private long now;
    private long pollBytes;
    private long nextPollNanos = NOT_STARTED;
    private int pollsRun;
    private LongConsumer pollListener = time -> { };
    /** Per node, its next poll, when the nodes poll on their own (the daemons); null: all at once (the lab). */
    private long[] nodeNextPoll;
    /** Per node, the bytes it saw cross the cluster since its own last poll. */
    private long[] nodePollBytes;

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
        int capacity = Math.max(nodeCount, context.maxNodes());
        nodes = new GlobNode[capacity];
        transport = new SimTransport(config, context.random(), nodes);
        boolean[] live = new boolean[capacity];
        java.util.Arrays.fill(live, 0, nodeCount, true);
        for (int node = 0; node < nodeCount; node++) {
            nodes[node] = newNode(node, live, node == 0);
        }
        liveCount = nodeCount;
    }

    private GlobNode newNode(int node, boolean[] live, boolean founder) {
        return new GlobNode(node, nodes.length, live, founder, config, TransferTiming.DEFAULT,
                transport.endpoint(node, () -> now), () -> now);
    }

    /**
     * Lets node {@code i} poll at {@code firstPollNanos[i] + k * interval} on its own, as the gateway daemons do
     * (each from its own start), instead of every node at the same instant; messages are then delivered as
     * soon as they are due, not only at polls. Call after {@link #start}; the lab never does.
     */
    public void pollPhases(long[] firstPollNanos) {
        nodeNextPoll = firstPollNanos.clone();
        nodePollBytes = new long[nodeNextPoll.length];
        nextPollNanos = Long.MAX_VALUE;
    }

    @Override
    public int assign(SimPacket packet) {
        pollBytes += packet.bytes;
        if (nodePollBytes != null) {
            for (int node = 0; node < nodePollBytes.length; node++) {
                nodePollBytes[node] += packet.bytes;
            }
        }
        for (int node = 0; node < nodes.length; node++) {
            if (nodes[node] != null && nodes[node].count(packet.internalPort, packet.externalPort, packet.bytes)) {
                return node;
            }
        }
        for (int node = 0; node < nodes.length; node++) {
            if (nodes[node] != null
                    && nodes[node].countInTransit(packet.internalPort, packet.externalPort, packet.bytes)) {
                return node; // its token is lost on the way: the sender still holds it
            }
        }
        throw new IllegalStateException("no live GLOB node has a rule for ports " + packet.internalPort + "/"
                + packet.externalPort);
    }

    /** Polls happen at t0 + k * interval, t0 being the first time the scheduler hears of. */
    @Override
    public void advanceTo(long nowNanos) {
        if (nodeNextPoll != null) {
            advanceOnOwnPolls(nowNanos);
            return;
        }
        if (nextPollNanos == NOT_STARTED) {
            nextPollNanos = nowNanos + config.pollIntervalNanos();
        }
        int polls = 0;
        while (nextPollNanos <= nowNanos) {
            tick(nextPollNanos);
            poll(nextPollNanos);
            nextPollNanos += config.pollIntervalNanos();
            if (++polls == IDLE_POLLS && nextPollNanos <= nowNanos) {
                // a silence in the trace: after a few empty polls the averaged loads have decayed and
                // further polls change nothing, so skip to the poll after now
                long behind = (nowNanos - nextPollNanos) / config.pollIntervalNanos() + 1;
                nextPollNanos += behind * config.pollIntervalNanos();
            }
        }
        tick(nowNanos);
    }

    /** {@link #advanceTo} when each node polls at its own phase: the polls due, earliest first. */
    private void advanceOnOwnPolls(long nowNanos) {
        while (true) {
            int next = -1;
            for (int node = 0; node < nodeNextPoll.length; node++) {
                if (nodeNextPoll[node] <= nowNanos && (next < 0 || nodeNextPoll[node] < nodeNextPoll[next])) {
                    next = node;
                }
            }
            if (next < 0) {
                break;
            }
            long at = nodeNextPoll[next];
            nodeNextPoll[next] = at + config.pollIntervalNanos();
            tick(at);
            deliverAll(at);
            if (nodes[next] != null) {
                nodes[next].observe(nodePollBytes[next]);
                nodes[next].measure();
                nodes[next].decide();
                pollsRun++;
                pollListener.accept(at);
            }
            nodePollBytes[next] = 0;
        }
        tick(nowNanos);
        deliverAll(nowNanos);
    }

    private void deliverAll(long nowNanos) {
        for (int node = 0; node < nodes.length; node++) {
            if (nodes[node] != null) {
                transport.deliverDue(node, nowNanos);
            }
        }
    }

    /** Retransmissions of the transfer protocol; without loss every transfer completes at once. */
    private void tick(long nowNanos) {
        now = nowNanos;
        if (config.broadcastLossProbability() > 0) {
            for (GlobNode node : nodes) {
                if (node != null) {
                    node.tick();
                }
            }
        }
    }

    /** All nodes read their counters at the same instant (§12.3 step 1(b)), then decide one after another. */
    private void poll(long nowNanos) {
        now = nowNanos;
        for (GlobNode node : nodes) {
            if (node != null) {
                node.observe(pollBytes);
                node.measure();
            }
        }
        pollBytes = 0;
        for (int node = 0; node < nodes.length; node++) {
            if (nodes[node] != null) {
                transport.deliverDue(node, nowNanos);
                nodes[node].decide();
            }
        }
        pollsRun++;
        pollListener.accept(nowNanos);
    }

    /** §12.3.3: the heartbeat monitor tells every survivor; each takes over the failed node's rules it backs up. */
    @Override
    public void nodeDown(int node, long nowNanos) {
        advanceTo(nowNanos);
        if (node < 0 || node >= nodes.length || nodes[node] == null || liveCount == 1) {
            throw new IllegalStateException("node " + node + " cannot go down: "
                    + (node >= 0 && node < nodes.length && nodes[node] != null ? "it is the last live node"
                            : "it is not alive"));
        }
        now = nowNanos;
        nodes[node] = null;
        liveCount--;
        transport.count(liveCount); // the termination message
        transport.clearInbox(node);
        for (GlobNode survivor : nodes) {
            if (survivor != null) {
                survivor.peerDown(node);
            }
        }
    }

    /** The node joins without rules and gains load through transfers (§12.1: automatic slow-start). */
    @Override
    public void nodeUp(int node, long nowNanos) {
        advanceTo(nowNanos);
        now = nowNanos;
        boolean[] live = new boolean[nodes.length];
        for (int n = 0; n < nodes.length; n++) {
            live[n] = nodes[n] != null || n == node;
        }
        liveCount++;
        transport.count(liveCount - 1);
        transport.clearInbox(node);
        for (GlobNode peer : nodes) {
            if (peer != null) {
                peer.peerUp(node);
            }
        }
        nodes[node] = newNode(node, live, false);
    }

    @Override
    public long controlMessages() {
        return transport.messages();
    }

    @Override
    public double threshold() {
        return config.threshold();
    }

    /**
     * The live nodes' rules in id order, each node reporting the rules it accepts; a rule being handed over
     * is the sender's until a receiver has it (the token is in one place at a time, Appendix 1).
     */
    public List<RuleView> rules() {
        List<RuleView> rules = new ArrayList<>();
        java.util.Set<Long> held = new java.util.HashSet<>();
        for (GlobNode node : nodes) {
            if (node != null) {
                for (RuleState rule : node.accepting()) {
                    rules.add(rule.view());
                    held.add(rule.id());
                }
            }
        }
        for (GlobNode node : nodes) {
            if (node != null) {
                for (RuleState rule : node.inTransit()) {
                    if (!held.contains(rule.id())) {
                        rules.add(rule.view());
                    }
                }
            }
        }
        rules.sort(Comparator.comparingLong(RuleView::id));
        return rules;
    }

    public int pollsRun() {
        return pollsRun;
    }

    /** Called after every poll with its virtual time. */
    public void onPoll(LongConsumer listener) {
        this.pollListener = listener;
    }
}
