package org.unveil.balance.glob;

import org.unveil.balance.Membership;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** The control network between lbmodel instances: counts messages and delays or loses them. */
final class ControlChannel {
    private final GlobConfig config;
    private final Random random;
    private final List<ArrayDeque<LoadReport>> inboxes = new ArrayList<>();
    private long messages;

    ControlChannel(GlobConfig config, Random random, int maxNodes) {
        this.config = config;
        this.random = random;
        for (int node = 0; node < maxNodes; node++) {
            inboxes.add(new ArrayDeque<>());
        }
    }

    long messages() {
        return messages;
    }

    /** Messages that need no modelled outcome: notifications, nominations, membership news. */
    void count(int count) {
        messages += count;
    }

    /** §12.3 step 1(f): one message to every other live node; each may be lost. */
    void broadcast(int from, double share, long nowNanos, Membership membership) {
        for (int node = 0; node < membership.capacity(); node++) {
            if (node != from && membership.isAlive(node)) {
                messages++;
                if (!lost()) {
                    inboxes.get(node).add(new LoadReport(from, share, nowNanos, nowNanos + config.broadcastDelayNanos()));
                }
            }
        }
    }

    /**
     * §12.3.2: request and acknowledgement; the transfer fails when the request is lost (delivery must
     * "succeed or fail, but may not be ambiguous", so a lost request is a clean failure).
     */
    boolean transfer() {
        messages += 2;
        return !lost();
    }

    /** §12.3 step 2: the reports that have reached {@code node} by now. */
    List<LoadReport> deliver(int node, long nowNanos) {
        ArrayDeque<LoadReport> inbox = inboxes.get(node);
        List<LoadReport> arrived = new ArrayList<>();
        // The delay is the same for every message, so the inbox is ordered by arrival.
        while (!inbox.isEmpty() && inbox.peek().arrivesAtNanos() <= nowNanos) {
            arrived.add(inbox.poll());
        }
        return arrived;
    }

    /** A node that left loses what was on its way to it. */
    void clearInbox(int node) {
        inboxes.get(node).clear();
    }

    private boolean lost() {
        // No draw when loss is off, so loss-free runs leave the run's random stream alone.
        return config.broadcastLossProbability() > 0 && random.nextDouble() < config.broadcastLossProbability();
    }
}
