package org.unveil.glob;

/**
 * A read-only snapshot of one rule, for tests and reports.
 *
 * @param backup the backup node, or -1 when the rule has none
 */
public record RuleView(long id, PortRange internal, PortRange external, int primary, int backup, double load) {

    public long area() {
        return (long) internal.width() * external.width();
    }

    public boolean overlaps(RuleView other) {
        return internal.overlaps(other.internal) && external.overlaps(other.external);
    }
}
