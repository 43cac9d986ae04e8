package org.unveil.balance.glob;

import java.util.Arrays;

/**
 * One node's knowledge of its peers' loads, built from their broadcasts (§12.3 step 2) and cleared of
 * outdated entries (§12.3 step 1(a)). A peer without a current report counts as unloaded.
 */
final class PeerLoads {
    private final LoadReport[] latest;

    PeerLoads(int maxNodes) {
        latest = new LoadReport[maxNodes];
    }

    void receive(Iterable<LoadReport> reports) {
        for (LoadReport report : reports) {
            LoadReport known = latest[report.from()];
            if (known == null || known.sentAtNanos() <= report.sentAtNanos()) {
                latest[report.from()] = report;
            }
        }
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
    }

    void clear() {
        Arrays.fill(latest, null);
    }

    /** The peer's last reported share applied to the total this node observes now. */
    double load(int node, double totalLoad) {
        return latest[node] == null ? 0 : latest[node].share() * totalLoad;
    }
}
