package org.unveil.hosts.evidence;

/**
 * A clock skew measurement: how fast a host's clock runs against the capture's, with its one-sigma error.
 * Two measurements far apart in sigmas cannot be one clock (Kohno et al.: skew survives offsets and NAT).
 */
public record SkewEstimate(double ppm, double sigmaPpm) {

    /**
     * One host's skew from the skews of several of its clock lines: the inverse-variance mean, no surer than
     * {@link ClockSkew#FLOOR_PPM}; null for none.
     */
    public static SkewEstimate combine(Iterable<SkewEstimate> lines) {
        double weights = 0;
        double sum = 0;
        for (SkewEstimate s : lines) {
            double w = 1 / (s.sigmaPpm * s.sigmaPpm);
            weights += w;
            sum += w * s.ppm;
        }
        return weights == 0 ? null : new SkewEstimate(sum / weights, Math.max(1 / Math.sqrt(weights), ClockSkew.FLOOR_PPM));
    }

    /** How many combined sigmas apart two measurements are. */
    public double sigmasFrom(SkewEstimate other) {
        return Math.abs(ppm - other.ppm) / Math.hypot(sigmaPpm, other.sigmaPpm);
    }
}
