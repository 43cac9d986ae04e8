package org.unveil.glob;

/**
 * One GLOB rule (§12.1): a rectangle of the internal x external port space, its exponentially averaged byte
 * load, its primary and backup. A {@link GlobNode} holds the rules it owns and those it backs up; the lab's
 * glob-ext model holds every rule of its cluster in one split tree.
 */
public final class Rule {
    public static final int NO_BACKUP = RuleState.NO_BACKUP;

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

    /** §12.3: the single rule allowing any port pair, rule 1 of the split tree, on {@code owner}. */
    public static Rule root(int owner) {
        return new Rule(1, PortRange.ALL, PortRange.ALL, owner, NO_BACKUP, 0, 0, 0);
    }

    static Rule of(RuleState state) {
        return new Rule(state.id(), state.internal(), state.external(), state.primary(), state.backup(), state.load(),
                state.bornNanos(), state.bornSeq());
    }

    /** The rule's place in the split tree: the root is 1, the halves of k are 2k and 2k+1. */
    public long id() {
        return id;
    }

    /** Creation order: the order a node walks its rules in, and the tie-break between equal loads. */
    public static final java.util.Comparator<Rule> BY_BIRTH = java.util.Comparator.comparingLong((Rule r) -> r.bornNanos)
            .thenComparingLong(r -> r.bornSeq);

    public PortRange internal() {
        return internal;
    }

    public PortRange external() {
        return external;
    }

    public double load() {
        return load;
    }

    public int primary() {
        return primary;
    }

    public int backup() {
        return backup;
    }

    public boolean hasBackup() {
        return backup != RuleState.NO_BACKUP;
    }

    public boolean modified() {
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

    public void count(long bytes) {
        pollBytes += bytes;
    }

    /** §12.3 step 1(b): new = old * h + query * (1 - h); also starts a fresh poll (nothing modified yet). */
    public void endPoll(double historyFactor) {
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

    /** The two halves (§12.3.1) along the larger interval, the external port on a tie. */
    Rule[] halves(long nowNanos, long lowSeq, long highSeq) {
        return halves(splitsExternal(), nowNanos, lowSeq, highSeq);
    }

    /**
     * The two halves along the external or the internal port: the load history is divided equally (which
     * half will be heavier cannot be predicted), both keep primary and backup and are tagged modified.
     */
    public Rule[] halves(boolean external, long nowNanos, long lowSeq, long highSeq) {
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
    public static Rule merged(Rule low, Rule high, long nowNanos, long seq) {
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

    /** A non-disruptive hand-over (glob-ext): new primary and backup at once. */
    public void assign(int newPrimary, int newBackup) {
        primary = newPrimary;
        backup = newBackup == newPrimary ? NO_BACKUP : newBackup;
        modified = true;
    }

    void nominateBackup(int node) {
        backup = node;
        modified = true;
    }

    public void dropBackup() {
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

    public RuleView view() {
        return new RuleView(id, internal, external, primary, backup, load);
    }
}
