package org.unveil.glob;

/**
 * One rule as it travels between nodes: its place in the split tree ({@code id}: the root rule is 1, the
 * halves of rule k are 2k and 2k+1, so ids are unique cluster-wide without a shared counter), its rectangle,
 * owner, backup ({@link #NO_BACKUP} for none) and averaged load. {@code bornNanos} and {@code bornSeq} (the
 * creating node's id in the high half, its running count in the low half) order rules by creation, which is
 * the order nodes walk their rules in and break load ties by: the order of the thesis's shared rule list.
 */
public record RuleState(long id, PortRange internal, PortRange external, int primary, int backup, double load,
        long bornNanos, long bornSeq) {
    public static final int NO_BACKUP = -1;

    public boolean contains(int internalPort, int externalPort) {
        return internalPort >= internal.lo() && internalPort <= internal.hi()
                && externalPort >= external.lo() && externalPort <= external.hi();
    }

    public RuleView view() {
        return new RuleView(id, internal, external, primary, backup, load);
    }
}
