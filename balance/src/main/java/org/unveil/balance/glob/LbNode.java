package org.unveil.balance.glob;

import org.unveil.balance.Membership;
/** The lbmodel instance of one cluster node (§12.3): runs the life cycle of step 1 at every poll. */
final class LbNode {
    /** §12.3 step 1(a) drops remote entries "not updated in a number of polling cycles"; we use three. */
    static final int STALE_POLLS = 3;

    private final int id;
    private final GlobConfig config;
    private final RuleTable table;
    private final Membership membership;
    private final ControlChannel channel;
    private final PeerLoads peers;
    private boolean splitRequired;

    LbNode(int id, GlobConfig config, RuleTable table, Membership membership, ControlChannel channel) {
        this.id = id;
        this.config = config;
        this.table = table;
        this.membership = membership;
        this.channel = channel;
        this.peers = new PeerLoads(membership.capacity());
    }

    PeerLoads peers() {
        return peers;
    }

    /** A node (re)joining starts from nothing (§12.3.3, §12.1 "slow-start"). */
    void reset() {
        peers.clear();
        splitRequired = false;
    }

    /**
     * §12.3.3: this node took over rules of a failed peer. Its rule set changed since the failed transfer
     * that asked for a split, so that request is dropped (as in step 6 of the §12.3.4 example, where node
     * 0 does not split after taking over rule 7 although its transfer had failed in the fourth poll).
     */
    void tookOver() {
        splitRequired = false;
    }

    /** Step 1 of §12.3; rule loads (step 1(b)) were already updated for the whole table at this instant. */
    void poll(long nowNanos) {
        peers.receive(channel.deliver(id, nowNanos));
        peers.dropOlderThan(nowNanos - STALE_POLLS * config.pollIntervalNanos());
        double total = table.totalLoad();
        double mean = total / membership.count();
        if (splitRequired || table.rulesOf(id).size() == 1) {
            splitHeaviest();
        }
        splitRequired = false;
        if (config.merge()) {
            mergeIdle(mean);
        }
        nominateBackups(total);
        boolean shiftFailed = shedLoad(total, mean);
        rebalanceBackups(total, mean, shiftFailed);
        channel.broadcast(id, total > 0 ? table.loadOf(id) / total : 0, nowNanos, membership);
    }

    /**
     * Step 1(d). A rule already modified in this poll (e.g. just received) is left alone, like condition A of
     * step 1(e)iii: in §12.3.4 node 2 splits rule 3 only in the poll after receiving it.
     */
    private void splitHeaviest() {
        Rule rule = table.heaviestOf(id, r -> !r.modified() && r.splittable());
        if (rule != null) {
            table.split(rule);
            if (rule.hasBackup()) {
                channel.count(1); // §12.3.1: the shared backup is notified
            }
        }
    }

    /**
     * §12.5.3: a split "typically produces one subrule with a large load, and one with minimal load"; two
     * sibling rules of this node that together carry less than the threshold's slack (here 10% of the mean
     * share) and that nothing touched this poll are merged back, so the rule count follows the load.
     */
    private void mergeIdle(double mean) {
        double idle = (config.threshold() - 1) * mean;
        for (Rule rule : table.rulesOf(id)) {
            if (rule.retired() || rule.modified()) {
                continue; // merged away earlier in this pass, or busy
            }
            Rule sibling = table.sibling(rule);
            if (sibling != null && sibling.primary() == id && !sibling.modified()
                    && rule.load() + sibling.load() < idle) {
                table.merge(rule);
                channel.count(rule.hasBackup() || sibling.hasBackup() ? 1 : 0); // the backup is told
            }
        }
    }

    /** Step 1(e)i: backups go to the node with the lowest real + backup load, heaviest rule first. */
    private void nominateBackups(double total) {
        double[] backupLoads = backupLoads();
        for (Rule rule : table.rulesOfHeaviestFirst(id, r -> !r.hasBackup())) {
            int best = -1;
            double bestLoad = Double.POSITIVE_INFINITY;
            for (int node = 0; node < membership.capacity(); node++) {
                if (node != id && membership.isAlive(node)) {
                    double load = peers.load(node, total) + backupLoads[node];
                    if (load < bestLoad) {
                        best = node;
                        bestLoad = load;
                    }
                }
            }
            if (best >= 0) {
                rule.nominateBackup(best);
                backupLoads[best] += rule.load();
                channel.count(1); // the nomination is sent reliably
            }
        }
    }

    /**
     * Steps 1(e)ii-iv. Returns whether this node was overloaded and could not shift a rule; then the next
     * poll must split (step 1(d)) and a backup change is forced (step 1(e)v).
     */
    private boolean shedLoad(double total, double mean) {
        double own = table.loadOf(id);
        double limit = mean * config.threshold();
        if (own <= limit) {
            return false;
        }
        Rule best = null;
        double bestGap = Math.abs(own - mean);
        for (Rule rule : table.rulesOf(id)) {
            if (rule.modified() || !rule.hasBackup()) {
                continue; // A: changes must reach the backup before the rule moves
            }
            if (peers.load(rule.backup(), total) + rule.load() > limit) {
                continue; // B: no cascading shifts
            }
            // C: closest to the mean; only a move that gets closer at all "approaches" it
            double gap = Math.abs(own - rule.load() - mean);
            if (gap < bestGap) {
                best = rule;
                bestGap = gap;
            }
        }
        if (best != null && channel.transfer()) {
            best.swapPrimaryAndBackup();
            return false;
        }
        splitRequired = true;
        return true;
    }

    /**
     * Step 1(e)v: move one rule's backup from the heaviest node backing up a local rule to the lightest
     * node, when that balances the load expected after this node fails by more than the margin.
     */
    private void rebalanceBackups(double total, double mean, boolean forced) {
        double[] totals = backupLoads();
        boolean[] backsUpLocalRule = new boolean[membership.capacity()];
        for (Rule rule : table.rulesOf(id)) {
            if (rule.hasBackup()) {
                backsUpLocalRule[rule.backup()] = true;
            }
        }
        int heaviest = -1;
        int lightest = -1;
        for (int node = 0; node < membership.capacity(); node++) {
            if (node == id || !membership.isAlive(node)) {
                continue;
            }
            totals[node] += peers.load(node, total);
            if (backsUpLocalRule[node] && (heaviest < 0 || totals[node] > totals[heaviest])) {
                heaviest = node;
            }
            if (lightest < 0 || totals[node] < totals[lightest]) {
                lightest = node;
            }
        }
        if (heaviest < 0 || heaviest == lightest) {
            return;
        }
        double before = Math.abs(totals[heaviest] - mean) + Math.abs(totals[lightest] - mean);
        Rule best = null;
        double bestAfter = Double.POSITIVE_INFINITY;
        for (Rule rule : table.rulesOf(id)) {
            if (rule.backup() != heaviest || rule.modified()) {
                continue;
            }
            double after = Math.abs(totals[heaviest] - rule.load() - mean)
                    + Math.abs(totals[lightest] + rule.load() - mean);
            if (after < bestAfter) {
                best = rule;
                bestAfter = after;
            }
        }
        if (best != null && (forced || before - bestAfter > config.backupMargin() * total)) {
            best.nominateBackup(lightest);
            channel.count(2); // old and new backup are told (§12.3)
        }
    }

    /** Step 1(c): per node, the load of the local rules it backs up. */
    private double[] backupLoads() {
        double[] loads = new double[membership.capacity()];
        for (Rule rule : table.rulesOf(id)) {
            if (rule.hasBackup()) {
                loads[rule.backup()] += rule.load();
            }
        }
        return loads;
    }
}
