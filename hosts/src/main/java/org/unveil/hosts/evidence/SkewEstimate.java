package org.unveil.hosts.evidence;

/**
 * A clock skew measurement: how fast a host's clock runs against the capture's, with its one-sigma error.
 * Two measurements far apart in sigmas cannot be one clock (Kohno et al.: skew survives offsets and NAT).
 */
public record SkewEstimate(double ppm, double sigmaPpm) {

    /** How many combined sigmas apart two measurements are. */
    public double sigmasFrom(SkewEstimate other) {
        return Math.abs(ppm - other.ppm) / Math.hypot(sigmaPpm, other.sigmaPpm);
    }
}
