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
    /** No skew is known better than this: crystals drift with temperature by about as much over hours. */
    public static final double FLOOR_PPM = 0.1;

    private final List<double[]> points = new ArrayList<>();

    /** One observation: capture time in seconds and clock reading in seconds (ticks / Hz), same origin per host. */
    public void add(double captureSeconds, double clockSeconds) {
        points.add(new double[] {captureSeconds, clockSeconds - captureSeconds});
    }

    /**
     * The skew with its uncertainty, or null when {@link #ppm()} is NaN. The error is measured, not assumed:
     * the envelopes of the odd and of the even observations, each over the whole span, disagree by about what
     * delay and coarse ticks leave uncertain. It is capped by the worst case of a clock that ticks every
     * {@code tickSeconds} (a stamp hides up to one tick, so the ends of the span can be a tick apart, plus half a
     * ppm for what the envelope misses) and kept above a quarter of the ticks' share of it and {@link #FLOOR_PPM}.
     */
    public SkewEstimate estimate(double tickSeconds) {
        double ppm = ppm();
        if (Double.isNaN(ppm)) {
            return null;
        }
        double span = points.getLast()[0] - points.getFirst()[0];
        double tick = tickSeconds / span * 1e6;
        double worst = tick + 0.5;
        double halves = Math.abs(envelopeSlope(every(0), span) - envelopeSlope(every(1), span));
        // the halves share the tick's phase (a host that sends in bursts stamps many packets in one tick), so
        // they can agree on an envelope that the ticks put off for both: a quarter of the ticks' worst case stays
        double floor = Math.max(FLOOR_PPM, tick / 4);
        double sigma = Double.isNaN(halves) ? worst : Math.min(worst, Math.max(halves, floor));
        return new SkewEstimate(ppm, sigma);
    }

    /** The skew in ppm, or NaN with fewer than two points or under {@link #MIN_SPAN_SECONDS}. */
    public double ppm() {
        if (points.size() < 2) {
            return Double.NaN;
        }
        points.sort((a, b) -> Double.compare(a[0], b[0]));
        double span = points.getLast()[0] - points.getFirst()[0];
        return span < MIN_SPAN_SECONDS ? Double.NaN : envelopeSlope(points, span);
    }

    /** Every other observation, from {@code first}, in time order. */
    private List<double[]> every(int first) {
        List<double[]> half = new ArrayList<>(points.size() / 2 + 1);
        for (int i = first; i < points.size(); i += 2) {
            half.add(points.get(i));
        }
        return half;
    }

    /** The upper envelope's slope in ppm over time-ordered points; NaN when they cover under half the span. */
    private static double envelopeSlope(List<double[]> sorted, double span) {
        if (sorted.size() < 2 || sorted.getLast()[0] - sorted.getFirst()[0] < span / 2) {
            return Double.NaN;
        }
        List<double[]> hull = new ArrayList<>();
        for (double[] p : sorted) {
            while (hull.size() >= 2 && !turnsRight(hull.get(hull.size() - 2), hull.getLast(), p)) {
                hull.removeLast();
            }
            hull.add(p);
        }
        double median = sorted.get(sorted.size() / 2)[0];
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
