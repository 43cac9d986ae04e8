package org.unveil.hosts.link;

import java.util.List;
import org.unveil.hosts.FlowEvidence;
import org.unveil.hosts.evidence.EvidenceKind;
import org.unveil.hosts.evidence.IpidTrack;

/** The two counters Bellovin's method follows across flows: IP identification and source port. */
public final class CounterLinkers {
    /** Steps a destination's counter takes between flows when only lost packets went unseen. */
    private static final int TIGHT_STEPS = 4;
    /** Odds against chance at which an address is taken to keep its hosts' source ports: the strong level. */
    static final double KEPT_BITS = 12;
    private static final int WINDOWS_TTL = 128;
    /**
     * A busy host sends a few thousand packets a second; a counter of one destination moves only with what the
     * host sends there, which passes the capture too, so it continues almost exactly; a little drift allows for
     * destinations that share a counter (stacks hash them into buckets).
     */
    private static final SequenceLinker IPID = new SequenceLinker(EvidenceKind.IPID_SEQUENCE,
            EvidenceKind.IPID_DESTINATION_SEQUENCE, EvidenceKind.IPID_SEQUENCE_BREAK, TIGHT_STEPS, 65536, 16, 2000, 20,
            SequenceScope::ipid, f -> f.ipid().first(), f -> f.ipid().last(), CounterLinkers::order);
    /**
     * A global counter (Windows 95 to 7, Mac OS X 10.4, old Unix stacks) moves with every packet its host sends:
     * behind a NAT, with what the address sends out ({@link SentPackets}) and what stays on the LAN, which the
     * capture does not see (0.2 a second: broadcasts, local lookups). Not gated by the OS guess: a Windows XP
     * SYN reads as nothing known, and Windows 7 as Windows, which kept one counter per destination only from
     * Windows 8 on. Whether the counter is there at all is the address's data's to say: see {@link #ipid}.
     */
    private static final double GLOBAL_MIN_BITS = 5;
    /** Flows whose own counters outrun their destination's traffic that show an address's global counter. */
    private static final int SHARED_FLOWS = 2;
    private static final SequenceLinker GLOBAL = new SequenceLinker(EvidenceKind.IPID_GLOBAL_SEQUENCE,
            EvidenceKind.IPID_GLOBAL_SEQUENCE, null, 0, 65536,
            16, 0.2, 0.2, f -> SequenceScope.GLOBAL, f -> f.ipid().first(), f -> f.ipid().last(),
            CounterLinkers::order).lookingBack(3_600_000_000_000L);
    /**
     * Ephemeral ports advance by one (Windows) or by small even steps per destination (Linux 5.12+, with
     * occasional jumps); a few per second at most.
     */
    private static final SequenceLinker PORTS = new SequenceLinker(EvidenceKind.SOURCE_PORT_SEQUENCE,
            EvidenceKind.SOURCE_PORT_SEQUENCE, null, 0, 65536, 8, 4, 4,
            SequenceScope::ports, FlowEvidence::clientPort, FlowEvidence::clientPort, f -> CounterOrder.PLAIN);

    private CounterLinkers() {
    }

    /**
     * The IPID edges, each flow's first IPID read in the byte order of the chain it lies on, and the address's
     * global counter where its data show one (else null).
     */
    public record IpidChains(EdgeList edges, int[] firstValues, GlobalCounter global) {
    }

    /**
     * Flows too short to show a counter (a DNS query and its answer) still take part: one value can continue
     * a host's sequence. Only flows that count themselves can break one.
     */
    public static IpidChains ipid(List<FlowEvidence> flows) {
        java.util.function.Predicate<FlowEvidence> usable = f -> f.ipid() != null
                && (counts(f) || f.ipid().kind() == IpidTrack.Kind.UNKNOWN && f.ipid().mayCount());
        SequenceLinker.Links links = IPID.links(flows, usable, CounterLinkers::counts);
        EdgeList edges = links.edges();
        EdgeList global = globalIpid(flows, usable);
        edges.addAll(global);
        boolean[] shared = SharedCounters.of(flows);
        int showing = 0;
        for (boolean s : shared) {
            showing += s ? 1 : 0;
        }
        // a global counter is there when flows continue each other across destinations more than chance gives,
        // or when flows' own counters run with more than their destinations' traffic
        boolean there = !global.isEmpty() || showing >= SHARED_FLOWS;
        return new IpidChains(edges, links.firstValues(), there ? new GlobalCounter(flows, shared) : null);
    }

    /**
     * Too few values to show an order, a flow reads as the chain it continues, if its stack could write either:
     * only Windows (initial TTL 128) writes its counter byte-swapped. Read swapped, a Unix host's global counter
     * that moved by exactly 256 between two lookups would look like a destination counter stepping by one.
     */
    private static CounterOrder order(FlowEvidence f) {
        return switch (f.ipid().kind()) {
            case COUNTER -> CounterOrder.PLAIN;
            case SWAPPED_COUNTER -> CounterOrder.SWAPPED;
            default -> f.initialTtl() == WINDOWS_TTL ? CounterOrder.OPEN : CounterOrder.PLAIN;
        };
    }

    /**
     * The edges of a global counter across all destinations, kept only where more flows continue a predecessor
     * within the slack than chance gives (odds 2^-{@link #KEPT_BITS}): the likelihood test between a global
     * counter and counters per destination, per connection or random, all of which leave only chance matches
     * across destinations. The evidence stays soft for a counter per destination: its chance matches get the
     * bits their window allows, no more.
     */
    private static EdgeList globalIpid(List<FlowEvidence> flows, java.util.function.Predicate<FlowEvidence> usable) {
        SequenceLinker.Links links = GLOBAL.links(flows, usable, f -> false, new SentPackets(flows));
        if (poissonTailBits(links.close(), links.closeByChance()) < KEPT_BITS) {
            return new EdgeList();
        }
        // Once a global counter is there, other hosts' counters (per destination, random) still match it by
        // chance now and then, at a busy address in wide windows: only matches at odds of 1 in 2^5 or better
        // after the choice among candidates are kept (the synthetic home mix lost 0.17 ARI to weaker ones).
        return links.edges().atLeast(GLOBAL_MIN_BITS);
    }

    private static boolean counts(FlowEvidence f) {
        return f.ipid() != null && (f.ipid().kind() == IpidTrack.Kind.COUNTER
                || f.ipid().kind() == IpidTrack.Kind.SWAPPED_COUNTER);
    }

    /**
     * Source ports continue only behind a NAT that keeps them; one that draws them at random leaves chance
     * matches that look like continuations. So the edges count only where more flows continue a predecessor
     * closely than chance would give, at odds of one in 2^{@link #KEPT_BITS}.
     */
    public static EdgeList sourcePorts(List<FlowEvidence> flows) {
        SequenceLinker.Links links = PORTS.links(flows, f -> f.protocol() == 6 && f.syn() != null, f -> false);
        return poissonTailBits(links.close(), links.closeByChance()) >= KEPT_BITS ? links.edges() : new EdgeList();
    }

    /** -log2 of the chance of at least {@code observed} events where {@code expected} are expected (Poisson). */
    static double poissonTailBits(int observed, double expected) {
        if (observed == 0 || observed <= expected) {
            return 0;
        }
        double logTerm = -expected + observed * Math.log(expected) - logFactorial(observed);
        double sum = 0;
        for (int k = observed; k < observed + 10_000; k++) {
            double term = Math.exp(logTerm);
            sum += term;
            if (term < sum * 1e-12) {
                break;
            }
            logTerm += Math.log(expected) - Math.log(k + 1);
        }
        return sum <= 0 ? Double.MAX_VALUE : -Math.log(sum) / Math.log(2);
    }

    private static double logFactorial(int n) {
        double s = 0;
        for (int i = 2; i <= n; i++) {
            s += Math.log(i);
        }
        return s;
    }
}
