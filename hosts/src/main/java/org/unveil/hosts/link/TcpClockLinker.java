package org.unveil.hosts.link;

import it.unimi.dsi.fastutil.longs.Long2IntOpenHashMap;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.unveil.hosts.FlowEvidence;
import org.unveil.hosts.evidence.ClockTrack;
import org.unveil.hosts.evidence.EvidenceKind;

/**
 * Links flows whose TCP timestamps lie on one clock line (Kohno): a later flow's first TSval is where an
 * earlier flow's clock, run forward at a usual rate, would be. With random 32-bit offsets (per host, per
 * address pair since Linux 4.10) a match inside a few ticks is very unlikely by chance, so the edge is
 * strong. Flows are sorted by clock offset for each candidate rate, so only near neighbours are compared.
 */
public final class TcpClockLinker {
    /**
     * Rates real stacks tick at: 1000 (Linux 4.13+, BSDs, macOS), 250 and 100 (older Linux), 300 (Linux 2.6 built
     * with HZ=300: Ubuntu 8.10's 2.6.27 in the corpus), 10 (Mac OS X 10.5/10.6) and 2 (Mac OS X 10.4: the AppleTV
     * in the corpus). A rate missing here leaves every connection of such a host on a line of its own.
     */
    static final double[] RATES = {1000, 300, 250, 100, 10, 2};
    /** Clock drift allowed between flows: 300 ppm covers real crystals (±100 ppm) with room for NTP slews. */
    static final double MAX_DRIFT = 300e-6;
    /** Queueing and capture jitter allowed, in seconds. */
    static final double JITTER_SECONDS = 0.010;
    /** Ticks allowed for coarse timers (Windows advances its 1 kHz clock in 15.6 ms steps). */
    static final double COARSE_TICKS = 17;
    private static final int LINKS_PER_FLOW = 4;
    private static final double TWO_32 = 4294967296.0;

    private TcpClockLinker() {
    }

    public static EdgeList link(List<FlowEvidence> flows) {
        List<Integer> clocked = new ArrayList<>();
        for (int i = 0; i < flows.size(); i++) {
            if (flows.get(i).clock() != null && flows.get(i).clock().size() > 0) {
                clocked.add(i);
            }
        }
        EdgeList edges = new EdgeList(clocked.size() * LINKS_PER_FLOW);
        // Short connections show no rate of their own and match at several rates, mostly the same pairs (160,000
        // edges of 61,000 pairs per 7,000 connections on the small-packet benchmark file): a pair keeps one edge,
        // its strongest, which is all any use of the edges reads (a pair's evidence of one kind is its strongest)
        Long2IntOpenHashMap edgeOfPair = new Long2IntOpenHashMap(clocked.size() * LINKS_PER_FLOW);
        edgeOfPair.defaultReturnValue(-1);
        for (int r = 0; r < RATES.length; r++) {
            double hz = RATES[r];
            double[] offsets = new double[flows.size()];
            for (int i : clocked) {
                offsets[i] = offset(flows.get(i), hz);
            }
            List<Integer> order = new ArrayList<>(clocked);
            order.sort(Comparator.comparingDouble(i -> offsets[i]));
            double window = hz * 2.0 + 64;
            for (int x = 0; x < order.size(); x++) {
                int found = 0;
                FlowEvidence a = flows.get(order.get(x));
                for (int y = x + 1; y < order.size() && found < LINKS_PER_FLOW; y++) {
                    FlowEvidence b = flows.get(order.get(y));
                    if (offsets[order.get(y)] - offsets[order.get(x)] > window) {
                        break;
                    }
                    double bits = match(a, b, hz);
                    if (bits > 0) {
                        int from = order.get(x);
                        int to = order.get(y);
                        long pair = (long) Math.min(from, to) << 32 | Math.max(from, to);
                        int at = edgeOfPair.putIfAbsent(pair, edges.size());
                        if (at < 0) {
                            edges.add(from, to, bits, EvidenceKind.TCP_CLOCK);
                        } else if (bits > edges.bits(at)) {
                            edges.strengthen(at, bits);
                        }
                        found++;
                    }
                }
            }
        }
        return edges;
    }

    /** Where the flow's clock would have been at time zero, at rate {@code hz}, modulo 2^32. */
    static double offset(FlowEvidence f, double hz) {
        ClockTrack c = f.clock();
        double o = (c.ticks(0) - hz * (c.nanos(0) / 1e9)) % TWO_32;
        return o < 0 ? o + TWO_32 : o;
    }

    /**
     * Bits of evidence that the two flows share one clock at rate {@code hz}, or 0. A flow whose own measured
     * rate says otherwise does not match.
     */
    static double match(FlowEvidence a, FlowEvidence b, double hz) {
        if (!rateAllows(a.clock(), hz) || !rateAllows(b.clock(), hz)) {
            return 0;
        }
        FlowEvidence early = a.firstNanos() <= b.firstNanos() ? a : b;
        FlowEvidence late = early == a ? b : a;
        ClockTrack e = early.clock();
        ClockTrack l = late.clock();
        int from = e.size() - 1;
        while (from > 0 && e.nanos(from) > l.nanos(0)) {
            from--;
        }
        double gap = Math.abs(l.nanos(0) - e.nanos(from)) / 1e9;
        double predicted = e.ticks(from) + hz * (l.nanos(0) - e.nanos(from)) / 1e9;
        double diff = Math.abs(circular(l.ticks(0) - predicted));
        double tolerance = hz * (gap * MAX_DRIFT + JITTER_SECONDS) + COARSE_TICKS;
        if (diff > tolerance) {
            return 0;
        }
        return 32 - log2(2 * tolerance + 1) - log2(RATES.length);
    }

    private static boolean rateAllows(ClockTrack c, double hz) {
        double rate = c.rate();
        return Double.isNaN(rate) || Math.abs(rate - hz) <= 0.1 * hz;
    }

    private static double circular(double ticks) {
        double d = ticks % TWO_32;
        if (d > TWO_32 / 2) {
            d -= TWO_32;
        } else if (d < -TWO_32 / 2) {
            d += TWO_32;
        }
        return d;
    }

    static double log2(double x) {
        return Math.log(x) / Math.log(2);
    }
}
