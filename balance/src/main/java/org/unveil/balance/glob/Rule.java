package org.unveil.balance.glob;

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
    Rule[] halves(int lowId, int highId) {
        Rule low = splitsExternal()
                ? new Rule(lowId, internal, external.lowerHalf(), primary)
                : new Rule(lowId, internal.lowerHalf(), external, primary);
        Rule high = splitsExternal()
                ? new Rule(highId, internal, external.upperHalf(), primary)
                : new Rule(highId, internal.upperHalf(), external, primary);
        for (Rule half : new Rule[] {low, high}) {
            half.load = load / 2;
            half.backup = backup;
            half.modified = true;
        }
        return new Rule[] {low, high};
    }

    /** §12.3.2: after a successful transfer the old primary becomes the backup, and vice versa. */
    void swapPrimaryAndBackup() {
        int oldPrimary = primary;
        primary = backup;
        backup = oldPrimary;
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
