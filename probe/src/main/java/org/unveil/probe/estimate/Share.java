package org.unveil.probe.estimate;

/** A back-end's share of the load, with its Wilson score interval (sound near 0 and 1, unlike p ± z·se). */
public record Share(double share, double low, double high) {
    /** The share of {@code hits} in {@code n} responses at the given confidence. */
    public static Share of(int hits, int n, double confidence) {
        if (n == 0) {
            return new Share(0, 0, 1);
        }
        double z = Normal.critical(confidence);
        double p = hits / (double) n;
        double z2n = z * z / n;
        double centre = (p + z2n / 2) / (1 + z2n);
        double half = z * Math.sqrt(p * (1 - p) / n + z2n / (4.0 * n)) / (1 + z2n);
        return new Share(p, Math.max(0, centre - half), Math.min(1, centre + half));
    }
}
