package org.unveil.glob;

import java.util.Arrays;

/**
 * What one node knows of its peers' loads and rules (§12.3 step 2): the latest state broadcast from each,
 * kept until outdated (step 1(a)) for the loads; a peer without a current report counts as unloaded. The
 * last rule list of each peer is kept longer: it is what survivors know when that peer fails.
 */
final class PeerLoads {
    private final Message.State[] latest;
    private final Message.State[] lastRules;

    PeerLoads(int capacity) {
        latest = new Message.State[capacity];
        lastRules = new Message.State[capacity];
    }

    /** Keeps the report if it is newer than the one held; returns whether it was. */
    boolean receive(Message.State report) {
        Message.State known = lastRules[report.from()];
        if (known != null && known.sentAtNanos() > report.sentAtNanos()) {
            return false;
        }
        latest[report.from()] = report;
        lastRules[report.from()] = report;
        return true;
    }

    void dropOlderThan(long oldestKeptNanos) {
        for (int node = 0; node < latest.length; node++) {
            if (latest[node] != null && latest[node].sentAtNanos() < oldestKeptNanos) {
                latest[node] = null;
            }
        }
    }

    void forget(int node) {
        latest[node] = null;
        lastRules[node] = null;
    }

    void clear() {
        Arrays.fill(latest, null);
        Arrays.fill(lastRules, null);
    }

    /** The peer's last reported share applied to the total this node observes now. */
    double load(int node, double totalLoad) {
        return latest[node] == null ? 0 : latest[node].share() * totalLoad;
    }

    /** The peer's last broadcast, however old, or null. */
    Message.State last(int node) {
        return lastRules[node];
    }
}
