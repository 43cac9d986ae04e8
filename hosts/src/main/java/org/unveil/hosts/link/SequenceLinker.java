package org.unveil.hosts.link;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Map;
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
    private final double perSecondPerDestination;
    private final Function<FlowEvidence, SequenceScope> scope;
    private final ToIntFunction<FlowEvidence> first;
    private final ToIntFunction<FlowEvidence> last;

    /**
     * @param modulus the counter's range (65536 for IPIDs, the ephemeral range for ports)
     * @param slack steps allowed however short the gap
     * @param perSecond further steps allowed per second of gap, for a counter shared by all destinations
     * @param perSecondPerDestination the same for a counter of one destination: it moves only with traffic to
     *     that destination, which the capture sees, so far less
     * @param breaksCount whether a broken chain speaks against one host (not for Linux ports, which jump)
     */
    SequenceLinker(String name, boolean breaksCount, int modulus, double slack, double perSecond,
            double perSecondPerDestination, Function<FlowEvidence, SequenceScope> scope,
            ToIntFunction<FlowEvidence> first, ToIntFunction<FlowEvidence> last) {
        this.name = name;
        this.breaksCount = breaksCount;
        this.modulus = modulus;
        this.slack = slack;
        this.perSecond = perSecond;
        this.perSecondPerDestination = perSecondPerDestination;
        this.scope = scope;
        this.first = first;
        this.last = last;
    }

    /**
     * {@code flows} in order of first packet, as the collector gives them; {@code usable} flows take part,
     * and a break counts against only between flows that {@code counting} shows to be counters themselves.
     */
    List<Edge> link(List<FlowEvidence> flows, Predicate<FlowEvidence> usable, Predicate<FlowEvidence> counting) {
        // Everything the inner loop asks is worked out once per flow: it runs up to MAX_SCAN times per flow.
        int n = flows.size();
        SequenceScope[] scopes = new SequenceScope[n];
        boolean[] counts = new boolean[n];
        int[] firstValue = new int[n];
        int[] lastValue = new int[n];
        int[] server = new int[n];
        Map<String, Integer> servers = new HashMap<>();
        for (int i = 0; i < n; i++) {
            FlowEvidence f = flows.get(i);
            scopes[i] = usable.test(f) ? scope.apply(f) : SequenceScope.NONE;
            if (scopes[i] != SequenceScope.NONE) {
                counts[i] = counting.test(f);
                firstValue[i] = first.applyAsInt(f);
                lastValue[i] = last.applyAsInt(f);
                server[i] = servers.computeIfAbsent(f.server(), k -> servers.size());
            }
        }
        List<Edge> edges = new ArrayList<>();
        for (int b = 0; b < n; b++) {
            SequenceScope s = scopes[b];
            if (s == SequenceScope.NONE) {
                continue;
            }
            long laterFirst = flows.get(b).firstNanos();
            double rate = s == SequenceScope.PER_DESTINATION ? perSecondPerDestination : perSecond;
            int bestIndex = -1;
            double bestWindow = Double.MAX_VALUE;
            int candidates = 0;
            int previous = -1;
            long previousLast = Long.MIN_VALUE;
            for (int a = b - 1; a >= 0 && a >= b - MAX_SCAN && candidates < MAX_CANDIDATES; a--) {
                if (scopes[a] != s || (s == SequenceScope.PER_DESTINATION && server[a] != server[b])) {
                    continue;
                }
                FlowEvidence earlier = flows.get(a);
                if (laterFirst - earlier.firstNanos() > MAX_GAP_NANOS) {
                    break;
                }
                long gap = laterFirst - earlier.lastNanos();
                if (gap < 0) {
                    continue;
                }
                candidates++;
                if (earlier.lastNanos() > previousLast) {
                    previous = a;
                    previousLast = earlier.lastNanos();
                }
                double window = slack + rate * gap / 1e9;
                int step = Math.floorMod(firstValue[b] - lastValue[a], modulus);
                if (step >= 1 && step <= window && window < bestWindow) {
                    bestWindow = window;
                    bestIndex = a;
                }
            }
            if (breaksCount && previous >= 0 && previous != bestIndex && counts[b] && counts[previous]
                    && laterFirst - previousLast <= BREAK_GAP_NANOS) {
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
