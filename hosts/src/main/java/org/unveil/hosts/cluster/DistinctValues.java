package org.unveil.hosts.cluster;

/**
 * Whether a group's flows named one value or several (destinations its flows counted IPIDs to): all the
 * clustering asks, kept in two fields instead of a set for each of the many one-flow groups.
 */
final class DistinctValues {
    private String first;
    private boolean several;

    void add(String value) {
        if (first == null) {
            first = value;
        } else if (!several && !first.equals(value)) {
            several = true;
        }
    }

    void addAll(DistinctValues other) {
        if (other.first != null) {
            add(other.first);
        }
        several |= other.several;
    }

    /** Whether at least two different values were added. */
    boolean several() {
        return several;
    }
}
