package org.unveil.hosts.link;

import java.util.HashMap;
import java.util.Map;
import java.util.List;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.ToIntFunction;
import org.unveil.hosts.FlowEvidence;
import org.unveil.hosts.evidence.EvidenceKind;

/**
 * Links each flow to the earlier flow whose counter it most plausibly continues (Bellovin's method, for IPIDs
 * and for source ports alike): the later flow's first value lies a little after the earlier flow's last,
 * no further than the counter can advance in the time between. Evidence in bits is the chance of landing in
 * that window at random, less the bits spent choosing among candidates and, for flows too short to show their
 * {@link CounterOrder}, among the orders they might be read in.
 */
final class SequenceLinker {
    private static final int MAX_CANDIDATES = 64;
    /** Flows looked back over for candidates: busy addresses must not turn the pass quadratic. */
    private static final int MAX_SCAN = 512;
    /** How soon after the flow before it a flow must start for a break of their chain to count. */
    private static final long BREAK_GAP_NANOS = 30_000_000_000L;
    private static final long MAX_GAP_NANOS = 300_000_000_000L;
    /** How far back a predecessor may lie: {@link #MAX_GAP_NANOS} unless the linker says otherwise. */
    private long maxGapNanos = MAX_GAP_NANOS;
    /** A little more than what the address was seen to send: the histogram spreads a flow's packets evenly. */
    static final double SENT_SHARE = 1.25;
    /** How often a packet goes unseen between two flows on one destination's counter: generously, one in four. */
    static final double UNSEEN = 0.25;
    /**
     * The exact-continuation part of {@link #stepLikelihood} by step, worked out once: it is asked for every
     * candidate of every flow. Past 32 steps it is under 10^-18, nothing beside the drift's 0.5 / window.
     */
    private static final double[] EXACT = new double[33];

    static {
        for (int step = 1; step < EXACT.length; step++) {
            EXACT[step] = 0.5 * (1 - UNSEEN) * Math.pow(UNSEEN, step - 1);
        }
    }

    private final EvidenceKind kind;
    private final EvidenceKind perDestinationKind;
    private final EvidenceKind breakKind;
    private final int tightSteps;
    private final int modulus;
    private final double slack;
    private final double perSecond;
    private final double perSecondPerDestination;
    private final Function<FlowEvidence, SequenceScope> scope;
    private final ToIntFunction<FlowEvidence> first;
    private final ToIntFunction<FlowEvidence> last;
    private final Function<FlowEvidence, CounterOrder> order;

    /**
     * @param modulus the counter's range (65536 for IPIDs, the ephemeral range for ports)
     * @param slack steps allowed however short the gap
     * @param perSecond further steps allowed per second of gap, for a counter shared by all destinations
     * @param perSecondPerDestination the same for a counter of one destination: it moves only with traffic to
     *     that destination, which the capture sees, so far less
     * @param kind the kind of the edges that continue a counter
     * @param perDestinationKind the kind of the edges that continue one destination's counter within
     *     {@code tightSteps}
     * @param breakKind the kind of the edges a broken chain makes against one host, or null where breaks say
     *     nothing (Linux ports, which jump)
     * @param tightSteps for a counter of one destination, the steps a continuation takes when nothing but the
     *     traffic the capture sees moves the counter (a lost packet or two); 0 where no such counter is followed
     * @param first the flow's first value, read in its own order (as written where that is OPEN)
     * @param order the order the flow's own values show
     */
    SequenceLinker(EvidenceKind kind, EvidenceKind perDestinationKind, EvidenceKind breakKind, int tightSteps,
            int modulus,
            double slack, double perSecond, double perSecondPerDestination,
            Function<FlowEvidence, SequenceScope> scope, ToIntFunction<FlowEvidence> first,
            ToIntFunction<FlowEvidence> last, Function<FlowEvidence, CounterOrder> order) {
        this.kind = kind;
        this.perDestinationKind = perDestinationKind;
        this.breakKind = breakKind;
        this.tightSteps = tightSteps;
        this.modulus = modulus;
        this.slack = slack;
        this.perSecond = perSecond;
        this.perSecondPerDestination = perSecondPerDestination;
        this.scope = scope;
        this.first = first;
        this.last = last;
        this.order = order;
    }

    /**
     * The same linker looking back {@code nanos} for predecessors: a quiet host's global counter, bounded by what
     * the address sent in between, still says something after an hour (evilprogram.pcap's Windows XP host moved
     * its counter by 310 in 5.7 hours).
     */
    SequenceLinker lookingBack(long nanos) {
        maxGapNanos = nanos;
        return this;
    }

    /**
     * {@code flows} in order of first packet, as the collector gives them; {@code usable} flows take part,
     * and a break counts against only between flows that {@code counting} shows to be counters themselves.
     */
    EdgeList link(List<FlowEvidence> flows, Predicate<FlowEvidence> usable, Predicate<FlowEvidence> counting) {
        return links(flows, usable, counting).edges();
    }

    /**
     * The edges, with how many flows continued a predecessor within the slack and how many would have by chance
     * (the expected count, were every value random): whether the counter is there at all; and each flow's first
     * value read in the order of the chain it joined, which is where that chain stood.
     */
    record Links(EdgeList edges, int close, double closeByChance, int[] firstValues) {
    }

    Links links(List<FlowEvidence> flows, Predicate<FlowEvidence> usable, Predicate<FlowEvidence> counting) {
        return links(flows, usable, counting, null);
    }

    /**
     * As {@link #links(List, Predicate, Predicate)}; with {@code sent}, a global counter may also advance by what
     * the address sent between the two flows ({@link #SENT_SHARE} of it, for packets the histogram spreads
     * unevenly), on top of the slack and {@code perSecond} for what the capture does not see.
     */
    Links links(List<FlowEvidence> flows, Predicate<FlowEvidence> usable, Predicate<FlowEvidence> counting,
            SentPackets sent) {
        // Everything the inner loop asks is worked out once per flow: it runs up to MAX_SCAN times per flow.
        int n = flows.size();
        SequenceScope[] scopes = new SequenceScope[n];
        boolean[] counts = new boolean[n];
        int[] firstValue = new int[n];
        int[] lastValue = new int[n];
        // The order each flow's values show by themselves, and the order it is read in: an OPEN flow takes its
        // chain's once linked.
        CounterOrder[] own = new CounterOrder[n];
        CounterOrder[] readAs = new CounterOrder[n];
        int[] server = new int[n];
        int[] ttl = new int[n];
        // A counter value is followed by one next value: a flow one chain has continued is no open end any more.
        boolean[] continued = new boolean[n];
        Map<String, Integer> servers = new HashMap<>();
        for (int i = 0; i < n; i++) {
            FlowEvidence f = flows.get(i);
            scopes[i] = usable.test(f) ? scope.apply(f) : SequenceScope.NONE;
            if (scopes[i] != SequenceScope.NONE) {
                counts[i] = counting.test(f);
                firstValue[i] = first.applyAsInt(f);
                lastValue[i] = last.applyAsInt(f);
                own[i] = order.apply(f);
                readAs[i] = own[i];
                server[i] = servers.computeIfAbsent(f.server(), k -> servers.size());
                ttl[i] = f.initialTtl();
            }
        }
        EdgeList edges = new EdgeList();
        int close = 0;
        double closeByChance = 0;
        for (int b = 0; b < n; b++) {
            SequenceScope s = scopes[b];
            if (s == SequenceScope.NONE) {
                continue;
            }
            long laterFirst = flows.get(b).firstNanos();
            double rate = s == SequenceScope.PER_DESTINATION ? perSecondPerDestination : perSecond;
            int bestIndex = -1;
            double bestLikelihood = 0;
            int bestStep = 0;
            double bestNear = slack;
            boolean bestInterleaves = false;
            CounterOrder bestOrder = null;
            int candidates = 0;
            int choices = 0; // each candidate once per order it was read in
            int previous = -1;
            long previousLast = Long.MIN_VALUE;
            int tight = s == SequenceScope.PER_DESTINATION ? tightSteps : 0;
            for (int a = b - 1; a >= 0 && a >= b - MAX_SCAN && candidates < MAX_CANDIDATES; a--) {
                if (scopes[a] != s || (s == SequenceScope.PER_DESTINATION && server[a] != server[b])) {
                    continue;
                }
                FlowEvidence earlier = flows.get(a);
                if (laterFirst - earlier.firstNanos() > maxGapNanos) {
                    break;
                }
                long gap = laterFirst - earlier.lastNanos();
                if (gap < 0 && tight == 0) {
                    continue;
                }
                if (gap >= 0 && earlier.lastNanos() > previousLast) {
                    previous = a;
                    previousLast = earlier.lastNanos();
                }
                // Not a chain's open end (unless still open itself: concurrent flows share the counter), or another
                // host's (one host, one initial TTL).
                if (tight > 0 && (continued[a] && gap >= 0 || ttl[a] != 0 && ttl[b] != 0 && ttl[a] != ttl[b])) {
                    continue;
                }
                candidates++;
                // A flow still open (a lookup waiting for its answer) may have sent its last packet already: the
                // values, not the times, say whether the later flow continues it.
                // A global counter runs on with traffic the capture does not see, as fast as the earlier flow
                // showed: a continuation "close" is one within that, and so is the chance of one.
                double unseen = sent == null ? 0
                        : sent.unseenRate(earlier, first.applyAsInt(earlier), last.applyAsInt(earlier));
                double seconds = Math.max(gap, 0) / 1e9;
                double near = slack + unseen * seconds;
                double window = slack + Math.max(rate, unseen) * seconds
                        + (sent == null ? 0 : SENT_SHARE * sent.between(earlier.lastNanos(), laterFirst));
                List<CounterOrder> readings = orders(readAs[a], own[b]);
                for (int k = 0; k < readings.size(); k++) { // indexed: an iterator here was a third of clustering's garbage
                    CounterOrder o = readings.get(k);
                    choices++;
                    int later = read(own[b], o, firstValue[b]);
                    int step = Math.floorMod(later - read(own[a], o, lastValue[a]), modulus);
                    double likelihood = stepLikelihood(step, window, tight);
                    double inside = tight > 0 && gap < 0 ? interleaving(later, read(own[a], o, firstValue[a]),
                            read(own[a], o, lastValue[a])) : 0;
                    if (Math.max(likelihood, inside) > bestLikelihood) {
                        bestNear = near;
                        bestLikelihood = Math.max(likelihood, inside);
                        bestIndex = a;
                        bestStep = step;
                        bestInterleaves = inside > likelihood;
                        bestOrder = o;
                    }
                }
            }
            // No break where the flow that ended last was continued already: a chain of one destination's
            // counter has two ends while two of its host's connections run side by side.
            if (breakKind != null && previous >= 0 && previous != bestIndex && counts[b] && counts[previous]
                    && !(tight > 0 && continued[previous])
                    && laterFirst - previousLast <= BREAK_GAP_NANOS) {
                edges.add(previous, b, breakKind.bits(), breakKind);
            }
            closeByChance += Math.min(1, choices * bestNear / modulus);
            if (bestIndex >= 0 && bestStep <= bestNear) {
                close++;
            }
            if (bestIndex >= 0) {
                double bits = TcpClockLinker.log2(modulus * bestLikelihood) - TcpClockLinker.log2(choices);
                if (bits > 0) {
                    boolean exact = tight > 0 && (bestStep <= tight || bestInterleaves);
                    edges.add(bestIndex, b, bits, exact ? perDestinationKind : kind);
                    continued[bestIndex] = tight > 0; // only a destination's counter is followed as chains
                    // The chain's order, now known if it was not: OPEN flows on it read that way from here on.
                    readAs[b] = readAs[b] == CounterOrder.OPEN ? bestOrder : readAs[b];
                    readAs[bestIndex] = readAs[bestIndex] == CounterOrder.OPEN ? bestOrder : readAs[bestIndex];
                }
            }
        }
        int[] firstRead = new int[n];
        for (int i = 0; i < n; i++) {
            firstRead[i] = own[i] == null ? 0 : read(own[i], readAs[i], firstValue[i]);
        }
        return new Links(edges, close, closeByChance, firstRead);
    }

    /**
     * How likely a flow opened while an earlier one to the same destination was still running starts at
     * {@code value}, if the two share one counter: anywhere inside the earlier flow's range (two connections
     * of one host opened together take turns at the counter), each value alike; 0 outside it.
     */
    static double interleaving(int value, int earlierFirst, int earlierLast) {
        int span = (earlierLast - earlierFirst) & 0xFFFF;
        int into = (value - earlierFirst) & 0xFFFF;
        return into >= 1 && into <= span ? 1.0 / span : 0;
    }

    /**
     * The orders a continuation from a flow read in {@code earlier} to one showing {@code later} may be read in:
     * the earlier chain's where known, else the later flow's own, else either (two chances of a match).
     */
    private static List<CounterOrder> orders(CounterOrder earlier, CounterOrder later) {
        return (earlier != CounterOrder.OPEN ? earlier : later).readings();
    }

    /** A value of a flow showing {@code own}, read in {@code order}: only an OPEN flow's are read anew. */
    private static int read(CounterOrder own, CounterOrder order, int value) {
        return own == CounterOrder.OPEN ? order.read(value) : value;
    }

    /**
     * How likely a continuation takes {@code step}, when the counter may have drifted anywhere within
     * {@code window}. A counter of one destination moves only with what the host sends there, which the
     * capture sees: half the time (a prior, not a measurement) it has moved by exactly what was seen, but for
     * packets lost before the capture (each further step {@link #UNSEEN} as likely as the one before); the rest
     * of the time it drifted (destinations hashed into one bucket share a counter). So a predecessor the flow
     * continues exactly beats a more recent one it continues a few steps off.
     */
    static double stepLikelihood(int step, double window, int tight) {
        if (step < 1 || step > window) {
            return 0;
        }
        if (tight <= 0) {
            return 1 / window;
        }
        return 0.5 / window + (step < EXACT.length ? EXACT[step] : 0);
    }
}
