package org.unveil.balance.glob;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.unveil.glob.GlobConfig;
import org.unveil.glob.GlobNode;
import org.unveil.glob.Message;
import org.unveil.glob.Transport;

/**
 * The simulated control network between the cluster's GLOB nodes: counts every message; state broadcasts
 * take the configured delay and may be lost; backup notifications are delivered at once (the thesis's model
 * used Unix domain sockets, §12.3.2); transfer tokens, their acknowledgements and cancels are delivered at
 * once or lost, which the nodes' transfer protocol (Appendix 1) handles.
 */
final class SimTransport {
    private record InFlight(Message.State state, long arrivesAtNanos) {
    }

    private final GlobConfig config;
    private final Random random;
    private final GlobNode[] nodes;
    private final List<ArrayDeque<InFlight>> inboxes = new ArrayList<>();
    private long messages;

    /** {@code nodes} is the scheduler's array: a null slot is a node that is down. */
    SimTransport(GlobConfig config, Random random, GlobNode[] nodes) {
        this.config = config;
        this.random = random;
        this.nodes = nodes;
        for (int node = 0; node < nodes.length; node++) {
            inboxes.add(new ArrayDeque<>());
        }
    }

    long messages() {
        return messages;
    }

    /** Messages that need no modelled outcome: membership news. */
    void count(int count) {
        messages += count;
    }

    /** The transport node {@code from} sends through, reading the time from {@code clock}. */
    Transport endpoint(int from, org.unveil.glob.Clock clock) {
        return new Transport() {
            @Override
            public void send(int to, Message message) {
                messages++;
                if (nodes[to] == null) {
                    return;
                }
                boolean lossy = !(message instanceof Message.Backup);
                if (lossy && lost()) {
                    return;
                }
                nodes[to].receive(message);
            }

            @Override
            public void broadcast(Message message) {
                long now = clock.nanos();
                for (int node = 0; node < nodes.length; node++) {
                    if (node != from && nodes[node] != null) {
                        messages++;
                        if (!lost()) {
                            inboxes.get(node).add(new InFlight((Message.State) message,
                                    now + config.broadcastDelayNanos()));
                        }
                    }
                }
            }
        };
    }

    /** §12.3 step 2: hands {@code node} the broadcasts that have reached it by now. */
    void deliverDue(int node, long nowNanos) {
        ArrayDeque<InFlight> inbox = inboxes.get(node);
        // the delay is the same for every message, so the inbox is ordered by arrival
        while (!inbox.isEmpty() && inbox.peek().arrivesAtNanos() <= nowNanos) {
            nodes[node].receive(inbox.poll().state());
        }
    }

    /** A node that left loses what was on its way to it. */
    void clearInbox(int node) {
        inboxes.get(node).clear();
    }

    private boolean lost() {
        // no draw when loss is off, so loss-free runs leave the run's random stream alone
        return config.broadcastLossProbability() > 0 && random.nextDouble() < config.broadcastLossProbability();
    }
}
