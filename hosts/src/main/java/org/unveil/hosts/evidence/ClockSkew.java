package org.unveil.hosts.evidence;

import java.util.ArrayList;
import java.util.List;

/**
 * Kohno's clock skew: how fast a host's TCP timestamp clock runs against the capture's clock, in parts per
 * million. Network delay only ever makes a stamp look older, so the truth is the upper envelope of
 * (clock − capture time); the line above all points with the least total distance to them is the upper hull's
 * edge over the median time (the linear programme Kohno et al. solve, answered by geometry).
 */
public final class ClockSkew {
    /** Under a minute of observation, ±100 ppm drowns in millisecond jitter. */
    public static final double MIN_SPAN_SECONDS = 60;

    private final List<double[]> points = new ArrayList<>();

    /** One observation: capture time in seconds and clock reading in seconds (ticks / Hz), same origin per host. */
    public void add(double captureSeconds, double clockSeconds) {
        points.add(new double[] {captureSeconds, clockSeconds - captureSeconds});
    }

    /**
     * The skew with its uncertainty, or null when {@link #ppm()} is NaN. A clock that ticks every
     * {@code tickSeconds} hides up to one tick at each end of the span; half of that, plus half a ppm for what
     * the envelope misses, is the one-sigma error.
     */
    public SkewEstimate estimate(double tickSeconds) {
        double ppm = ppm();
        if (Double.isNaN(ppm)) {
            return null;
        }
        double span = points.getLast()[0] - points.getFirst()[0];
        return new SkewEstimate(ppm, tickSeconds / span * 1e6 / 2 + 0.5);
    }

    /** The skew in ppm, or NaN with fewer than two points or under {@link #MIN_SPAN_SECONDS}. */
    public double ppm() {
        if (points.size() < 2) {
            return Double.NaN;
        }
        points.sort((a, b) -> Double.compare(a[0], b[0]));
        double span = points.getLast()[0] - points.getFirst()[0];
        if (span < MIN_SPAN_SECONDS) {
            return Double.NaN;
        }
        List<double[]> hull = new ArrayList<>();
        for (double[] p : points) {
            while (hull.size() >= 2 && !turnsRight(hull.get(hull.size() - 2), hull.getLast(), p)) {
                hull.removeLast();
            }
            hull.add(p);
        }
        double median = points.get(points.size() / 2)[0];
        for (int i = 1; i < hull.size(); i++) {
            double[] a = hull.get(i - 1);
            double[] b = hull.get(i);
            if (b[0] >= median && b[0] > a[0]) {
                return (b[1] - a[1]) / (b[0] - a[0]) * 1e6;
            }
        }
        double[] a = hull.getFirst();
        double[] b = hull.getLast();
        return (b[1] - a[1]) / (b[0] - a[0]) * 1e6;
    }

    /** Upper hull: keep only right turns (negative cross product). */
    private static boolean turnsRight(double[] o, double[] a, double[] b) {
        return (a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0]) < 0;
    }
}
