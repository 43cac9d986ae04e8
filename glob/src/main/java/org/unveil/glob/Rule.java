package org.unveil.glob;

/**
 * One rule in one node's view (§12.1): a rectangle of the internal x external port space, its exponentially
 * averaged byte load, its primary and backup. A node holds the rules it owns and those it backs up.
 */
final class Rule {
    private final long id;
    private final long bornNanos;
    private final long bornSeq;
    private final PortRange internal;
    private final PortRange external;
    private double load;
    private long pollBytes;
    private int primary;
    private int backup;
    private boolean modified;
    /** Being handed to its backup (Appendix 1): still this node's until the token is acknowledged. */
    private boolean inTransit;

    Rule(long id, PortRange internal, PortRange external, int primary, int backup, double load, long bornNanos,
            long bornSeq) {
        this.id = id;
        this.bornNanos = bornNanos;
        this.bornSeq = bornSeq;
        this.internal = internal;
        this.external = external;
        this.primary = primary;
        this.backup = backup;
        this.load = load;
    }

    static Rule of(RuleState state) {
        return new Rule(state.id(), state.internal(), state.external(), state.primary(), state.backup(), state.load(),
                state.bornNanos(), state.bornSeq());
    }

    long id() {
        return id;
    }

    /** Creation order: the order a node walks its rules in, and the tie-break between equal loads. */
    static final java.util.Comparator<Rule> BY_BIRTH = java.util.Comparator.comparingLong((Rule r) -> r.bornNanos)
            .thenComparingLong(r -> r.bornSeq);

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
        return backup != RuleState.NO_BACKUP;
    }

    boolean modified() {
        return modified;
    }

    boolean inTransit() {
        return inTransit;
    }

    void inTransit(boolean on) {
        inTransit = on;
    }

    boolean contains(int internalPort, int externalPort) {
        return internalPort >= internal.lo() && internalPort <= internal.hi()
                && externalPort >= external.lo() && externalPort <= external.hi();
    }

    void count(long bytes) {
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

    /**
     * The two halves (§12.3.1): the larger interval is halved, the external (service) port first on a tie;
     * the load history is divided equally, both keep primary and backup and are tagged modified.
     */
    Rule[] halves(long nowNanos, long lowSeq, long highSeq) {
        boolean external = this.external.width() >= internal.width();
        Rule low = external
                ? new Rule(2 * id, internal, this.external.lowerHalf(), primary, backup, load / 2, nowNanos, lowSeq)
                : new Rule(2 * id, internal.lowerHalf(), this.external, primary, backup, load / 2, nowNanos, lowSeq);
        Rule high = external
                ? new Rule(2 * id + 1, internal, this.external.upperHalf(), primary, backup, load / 2, nowNanos,
                        highSeq)
                : new Rule(2 * id + 1, internal.upperHalf(), this.external, primary, backup, load / 2, nowNanos,
                        highSeq);
        low.modified = true;
        high.modified = true;
        return new Rule[] {low, high};
    }

    /**
     * §12.5.3: the parent of two sibling leaves, on the heavier half's backup, with their summed load;
     * tagged modified so the merge reaches the backup before anything else happens to it.
     */
    static Rule merged(Rule low, Rule high, long nowNanos, long seq) {
        Rule heavier = high.load > low.load ? high : low;
        boolean external = low.internal.equals(high.internal);
        Rule whole = external
                ? new Rule(low.id / 2, low.internal, new PortRange(low.external.lo(), high.external.hi()),
                        heavier.primary, heavier.backup, low.load + high.load, nowNanos, seq)
                : new Rule(low.id / 2, new PortRange(low.internal.lo(), high.internal.hi()), low.external,
                        heavier.primary, heavier.backup, low.load + high.load, nowNanos, seq);
        whole.pollBytes = low.pollBytes + high.pollBytes;
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

    void nominateBackup(int node) {
        backup = node;
        modified = true;
    }

    void dropBackup() {
        backup = RuleState.NO_BACKUP;
    }

    /** §12.3.3: the heir marks the rule local; it has no backup until the next nomination. */
    void takeOver(int heir) {
        primary = heir;
        backup = RuleState.NO_BACKUP;
    }

    RuleState state() {
        return new RuleState(id, internal, external, primary, backup, load, bornNanos, bornSeq);
    }
}
