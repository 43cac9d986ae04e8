package org.unveil.balance.glob;

import org.unveil.glob.PortRange;
import org.unveil.glob.RuleView;

/**
 * One GLOB rule (§12.1): a rectangle of the internal x external port space with its exponentially averaged
 * byte load, the primary node that handles its packets and the backup node that takes it over.
 */
final class Rule {
    static final int NO_BACKUP = -1;

    private final int id;
    private final PortRange internal;
    private final PortRange external;
    private double load;
    private long pollBytes;
    private int primary;
    private int backup = NO_BACKUP;
    private boolean modified;
    /** Merged into its parent rule (§12.5.3): no longer in the table. */
    private boolean retired;

    Rule(int id, PortRange internal, PortRange external, int primary) {
        this.id = id;
        this.internal = internal;
        this.external = external;
        this.primary = primary;
    }

    int id() {
        return id;
    }

    PortRange internal() {
        return internal;
    }

    PortRange external() {
        return external;
    }

    double load() {
        return load;
    }

    int primary() {
        return primary;
    }

    int backup() {
        return backup;
    }

    boolean hasBackup() {
        return backup != NO_BACKUP;
    }

    boolean modified() {
        return modified;
    }

    boolean retired() {
        return retired;
    }

    void retire() {
        retired = true;
    }

    void count(int bytes) {
        pollBytes += bytes;
    }

    /** §12.3 step 1(b): new = old * h + query * (1 - h); also starts a fresh poll (nothing modified yet). */
    void endPoll(double historyFactor) {
        load = load * historyFactor + pollBytes * (1 - historyFactor);
        pollBytes = 0;
        modified = false;
    }

    boolean splittable() {
        return internal.width() > 1 || external.width() > 1;
    }

    /** §12.3.1: the larger interval is halved; on a tie the external (service) port goes first. */
    boolean splitsExternal() {
        return external.width() >= internal.width();
    }

    /**
     * The two halves of this rule (§12.3.1): the load history is divided equally (which half will be heavier
     * cannot be predicted), both keep the primary and the shared backup, both are tagged modified.
     */
    Rule[] halves(int lowId, int highId, boolean splitExternal) {
        Rule low = splitExternal
                ? new Rule(lowId, internal, external.lowerHalf(), primary)
                : new Rule(lowId, internal.lowerHalf(), external, primary);
        Rule high = splitExternal
                ? new Rule(highId, internal, external.upperHalf(), primary)
                : new Rule(highId, internal.upperHalf(), external, primary);
        for (Rule half : new Rule[] {low, high}) {
            half.load = load / 2;
            half.backup = backup;
            half.modified = true;
        }
        return new Rule[] {low, high};
    }

    /**
     * §12.5.3: the rule two sibling halves were split from, on the heavier half's primary and backup, with
     * their summed load; tagged modified so the merge reaches the backup before anything else happens to it.
     */
    static Rule merged(int id, Rule low, Rule high, boolean splitExternal) {
        Rule heavier = high.load > low.load ? high : low;
        Rule whole = splitExternal
                ? new Rule(id, low.internal, new PortRange(low.external.lo(), high.external.hi()), heavier.primary)
                : new Rule(id, new PortRange(low.internal.lo(), high.internal.hi()), low.external, heavier.primary);
        whole.load = low.load + high.load;
        whole.pollBytes = low.pollBytes + high.pollBytes;
        whole.backup = heavier.backup;
        whole.modified = true;
        return whole;
    }

    /** §12.3.2: after a successful transfer the old primary becomes the backup, and vice versa. */
    void swapPrimaryAndBackup() {
        int oldPrimary = primary;
        primary = backup;
        backup = oldPrimary;
        modified = true;
    }

    /** A non-disruptive hand-over (glob-ext): new primary and backup at once. */
    void assign(int newPrimary, int newBackup) {
        primary = newPrimary;
        backup = newBackup == newPrimary ? NO_BACKUP : newBackup;
        modified = true;
    }

    void nominateBackup(int node) {
        backup = node;
        modified = true;
    }

    void dropBackup() {
        backup = NO_BACKUP;
    }

    /** §12.3.3: the heir marks the rule local; it has no backup until the next nomination. */
    void takeOver(int heir) {
        primary = heir;
        backup = NO_BACKUP;
    }

    RuleView view() {
        return new RuleView(id, internal, external, primary, backup, load);
    }
}
