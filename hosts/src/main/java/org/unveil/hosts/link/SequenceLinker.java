package org.unveil.hosts.link;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.ToIntFunction;
import org.unveil.hosts.FlowEvidence;

/**
 * Links each flow to the earlier flow whose counter it most plausibly continues (Bellovin's method, for IPIDs
 * and for source ports alike): the later flow's first value lies a little after the earlier flow's last,
 * no further than the counter can advance in the time between. Evidence in bits is the chance of landing in
 * that window at random, less the bits spent choosing among candidates.
 */
final class SequenceLinker {
    private static final int MAX_CANDIDATES = 64;
    /** Flows looked back over for candidates: busy addresses must not turn the pass quadratic. */
    private static final int MAX_SCAN = 512;
    /**
     * A host's counter runs on from its last flow in scope: when a flow does not continue the flow that ended
     * just before it (within {@link #BREAK_GAP_NANOS}), that flow was most likely another host's. Evidence against,
     * in bits; not a certainty, since lost packets and unseen traffic can break a chain.
     */
    static final double BREAK_BITS = -10;
    private static final long BREAK_GAP_NANOS = 30_000_000_000L;
    private static final long MAX_GAP_NANOS = 300_000_000_000L;

    private final String name;
    private final boolean breaksCount;
    private final int modulus;
    private final double slack;
    private final double perSecond;
    private final Function<FlowEvidence, SequenceScope> scope;
    private final ToIntFunction<FlowEvidence> first;
    private final ToIntFunction<FlowEvidence> last;

    /**
     * @param modulus the counter's range (65536 for IPIDs, the ephemeral range for ports)
     * @param slack steps allowed however short the gap
     * @param perSecond further steps allowed per second of gap
     * @param breaksCount whether a broken chain speaks against one host (not for Linux ports, which jump)
     */
    SequenceLinker(String name, boolean breaksCount, int modulus, double slack, double perSecond, Function<FlowEvidence, SequenceScope> scope,
            ToIntFunction<FlowEvidence> first, ToIntFunction<FlowEvidence> last) {
        this.name = name;
        this.breaksCount = breaksCount;
        this.modulus = modulus;
        this.slack = slack;
        this.perSecond = perSecond;
        this.scope = scope;
        this.first = first;
        this.last = last;
    }

    /**
     * {@code flows} in order of first packet, as the collector gives them; {@code usable} flows take part,
     * and a break counts against only between flows that {@code counting} shows to be counters themselves.
     */
    List<Edge> link(List<FlowEvidence> flows, Predicate<FlowEvidence> usable, Predicate<FlowEvidence> counting) {
        List<Edge> edges = new ArrayList<>();
        for (int b = 0; b < flows.size(); b++) {
            FlowEvidence later = flows.get(b);
            SequenceScope s = scope.apply(later);
            if (s == SequenceScope.NONE || !usable.test(later)) {
                continue;
            }
            int bestIndex = -1;
            double bestWindow = Double.MAX_VALUE;
            int candidates = 0;
            int previous = -1;
            for (int a = b - 1; a >= 0 && a >= b - MAX_SCAN && candidates < MAX_CANDIDATES; a--) {
                FlowEvidence earlier = flows.get(a);
                long gap = later.firstNanos() - earlier.lastNanos();
                if (later.firstNanos() - earlier.firstNanos() > MAX_GAP_NANOS) {
                    break;
                }
                if (gap < 0 || !s.relates(earlier, later) || scope.apply(earlier) != s || !usable.test(earlier)) {
                    continue;
                }
                candidates++;
                if (previous < 0 || earlier.lastNanos() > flows.get(previous).lastNanos()) {
                    previous = a;
                }
                double window = slack + perSecond * gap / 1e9;
                int step = Math.floorMod(first.applyAsInt(later) - last.applyAsInt(earlier), modulus);
                if (step >= 1 && step <= window && window < bestWindow) {
                    bestWindow = window;
                    bestIndex = a;
                }
            }
            if (breaksCount && previous >= 0 && previous != bestIndex && counting.test(later)
                    && counting.test(flows.get(previous))
                    && later.firstNanos() - flows.get(previous).lastNanos() <= BREAK_GAP_NANOS) {
                edges.add(new Edge(previous, b, BREAK_BITS, name + "-break"));
            }
            if (bestIndex >= 0) {
                double bits = TcpClockLinker.log2(modulus / bestWindow) - TcpClockLinker.log2(candidates);
                if (bits > 0) {
                    edges.add(new Edge(bestIndex, b, bits, name));
                }
            }
        }
        return edges;
    }
}
