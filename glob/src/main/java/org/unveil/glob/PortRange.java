package org.unveil.glob;

/** An inclusive interval of TCP/UDP ports, one side of a rule's rectangle. */
public record PortRange(int lo, int hi) {

    /** Every port: the initial single rule covers this on both sides (§12.3). */
    public static final PortRange ALL = new PortRange(0, 65535);

    public PortRange {
        if (lo < 0 || hi > 65535 || lo > hi) {
            throw new IllegalArgumentException("bad port range " + lo + ".." + hi);
        }
    }

    public int width() {
        return hi - lo + 1;
    }

    /** First port of the upper half; a split divides "down the middle" (§12.3.1). */
    public int middle() {
        return lo + width() / 2;
    }

    public PortRange lowerHalf() {
        return new PortRange(lo, middle() - 1);
    }

    public PortRange upperHalf() {
        return new PortRange(middle(), hi);
    }

    public boolean overlaps(PortRange other) {
        return lo <= other.hi && other.lo <= hi;
    }
}
