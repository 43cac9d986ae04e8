package org.unveil.hosts.cluster;

import it.unimi.dsi.fastutil.ints.IntArrayList;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.unveil.hosts.FlowEvidence;
import org.unveil.hosts.evidence.EvidenceKind;
import org.unveil.hosts.evidence.IpidTrack;
import org.unveil.hosts.evidence.OsFamily;
import org.unveil.hosts.evidence.SkewEstimate;
import org.unveil.hosts.link.GlobalCounter;

/**
 * Flows believed to come from one host, with what they jointly reveal; {@link #compatible} holds the hard
 * constraints: one host has one initial TTL, one operating system, one SYN option layout, one TCP clock rate,
 * one crystal (its lines' skews agree) and, once some of its connections to one destination have shared a TCP
 * timestamp clock line (offsets per address pair), one line per destination.
 */
final class HostGroup {
    /** Two skews this many sigmas apart are two crystals: a chance of under one in a million for one clock. */
    static final double SKEW_APART_SIGMAS = 5;
    /** Evidence against one host from two counters to one destination: a chance of one in 4096. */
    static final double COUNTERS_APART_BITS = -12;
    final IntArrayList flows = new IntArrayList(1);
    // Sets and maps start as Set.of()/Map.of() or of one entry, and become mutable only in a group that absorbs
    // others (see union and mutable): most groups are one flow, and an empty HashMap with its table costs some
    // 130 bytes, and an address of the 4 GiB small-packet benchmark file starts with 28,000 groups.
    private Set<String> userAgents = Set.of();
    private Set<String> tls = Set.of();
    private Set<String> cookies = Set.of();
    /** Lines several of its connections to one destination shared: the offset its stack keeps for that pair. */
    private Map<String, Integer> clockLineByServer = Map.of();
    /** Every clock line of its connections, shared or of a single connection, by destination. */
    private Map<String, Set<Integer>> linesByServer = Map.of();
    private Map<Integer, Set<String>> serversByClockLine = Map.of();
    /** Destinations in {@link #linesByServer} with more than one line. */
    private int multiLineServers;
    /** The first flow's position: a stable name while groups merge. */
    final int id;
    /** The earliest flow among those it absorbed and its own (not always {@link #id}: the absorber keeps its id). */
    private int firstFlow;
    /** SYN option layouts its connections opened with: kernel-wide settings, one per host. */
    private Set<String> synLayouts = Set.of();
    /** Nominal TCP clock rates its long enough connections showed: one host has one clock. */
    private Set<Double> clockRates = Set.of();
    /** Where its chained flows found each destination's IPID counter: one host has one per destination. */
    final CounterTimeline counters = new CounterTimeline();
    /** Its counting flows read as one counter for all destinations, where the address shows one. */
    final GlobalTimeline global = new GlobalTimeline();
    /** Whether some of its flows wrote random IPIDs (Mac OS X 10.5+, FreeBSD, OpenBSD). */
    private boolean randomIpid;
    /** Whether its counting flows read byte-swapped (Windows 9x): its timeline holds values so read. */
    private boolean swappedCounting;
    /**
     * The one IPID of a flow that sent only one (a lookup, a ping) and when: too few to show a kind of counter,
     * but the value its host's counter stood at then; -1 for other flows.
     */
    private final int loneValue;
    private final long loneNanos;
    /** Up to two destinations its flows counted IPIDs to: two show a stack that counts, not one at random. */
    private final DistinctValues countedTo = new DistinctValues();
    /** The address's global IPID counter, or null where its data show none. */
    private final GlobalCounter globalCounter;
    int ttl;
    OsFamily os;
    boolean identity;
    /** Whether every flow's TTL is its application's choice (multicast, IGMP, a lone ICMP probe). */
    boolean chosenTtlOnly;

    /** Skews of the clock lines its flows lie on, one per line: one host has one crystal (Kohno). */
    private Set<SkewEstimate> skews = Set.of();
    /** The skews combined; null without any. */
    private SkewEstimate skew;

    /**
     * @param clockLine the flow's TCP clock line, -1 without timestamps
     * @param shared whether other flows lie on that line too
     */
    HostGroup(int index, FlowEvidence f, int clockLine, boolean shared, SkewEstimate skew,
            GlobalCounter globalCounter) {
        id = index;
        firstFlow = index;
        this.globalCounter = globalCounter;
        boolean counting = f.ipid() != null && (f.ipid().kind() == IpidTrack.Kind.COUNTER
                || f.ipid().kind() == IpidTrack.Kind.SWAPPED_COUNTER);
        if (counting && !f.toGroup()) {
            countedTo.add(f.server());
        }
        swappedCounting = counting && f.ipid().kind() == IpidTrack.Kind.SWAPPED_COUNTER;
        boolean lone = globalCounter != null && !counting && f.ipid() != null && f.ipid().count() == 1;
        loneValue = lone ? f.ipid().first() : -1;
        loneNanos = lone ? f.firstNanos() : 0;
        if (globalCounter != null && counting) {
            global.add(f.firstNanos(), f.ipid().first(), f.lastSentNanos(), f.ipid().last(), f.ipid().count(),
                    globalCounter.unseenRate(f), f.server());
            if (globalCounter.shownShared(index)) {
                global.markShared();
            }
        }
        randomIpid = f.ipid() != null && f.ipid().kind() == IpidTrack.Kind.RANDOM && f.ipid().count() >= 4;
        flows.add(index);
        // Multicast, broadcast and IGMP carry the TTL their application chose (1 for LLMNR, SSDP and IGMP, 255
        // for mDNS), not the stack's default: such a flow says nothing of its host's TTL or OS, and must not make
        // a host of its own (issue 14: one IGMP report became a host).
        boolean chosenTtl = f.chosenTtl();
        chosenTtlOnly = chosenTtl;
        ttl = chosenTtl ? 0 : f.initialTtl();
        OsFamily guessed = chosenTtl ? null : f.os();
        os = guessed == OsFamily.UNKNOWN ? null : guessed;
        if (f.userAgent() != null) {
            userAgents = Set.of(f.userAgent());
        }
        if (f.tls() != null) {
            tls = Set.of(f.tls());
        }
        if (f.cookie() != null) {
            cookies = Set.of(f.cookie());
        }
        if (skew != null) {
            skews = Set.of(skew);
            this.skew = skew;
        }
        if (f.syn() != null) {
            synLayouts = Set.of(socketFree(f.syn().layout(), ttl));
        }
        if (f.clock() != null && !Double.isNaN(f.clock().nominalHz())) {
            clockRates = Set.of(f.clock().nominalHz());
        }
        if (clockLine >= 0) {
            linesByServer = Map.of(f.server(), Set.of(clockLine));
        }
        if (clockLine >= 0 && shared) {
            clockLineByServer = Map.of(f.server(), clockLine);
            serversByClockLine = Map.of(clockLine, Set.of(f.server()));
        }
        // What can tell this host from another of its kind; a SYN signature or TTL only names the kind.
        identity = f.clock() != null || f.userAgent() != null || f.tls() != null || f.cookie() != null
                || (f.ipid() != null && (f.ipid().kind() == IpidTrack.Kind.COUNTER
                        || f.ipid().kind() == IpidTrack.Kind.SWAPPED_COUNTER));
    }

    /**
     * The part of a SYN layout its kernel decides. Windows (initial TTL 128) offers window scaling per socket —
     * not where the program asked for a receive buffer under 64 KiB — so one Windows 7 host opens with MNWNNS and
     * MNNS (ek_to_cryptowall4.pcapng: one global IPID counter through both): there the scale option and its
     * padding are left out. Unix stacks decide it per host (a sysctl), which tells testbed hosts apart.
     */
    static String socketFree(String layout, int ttl) {
        return ttl == 128 ? layout.replace("NW", "").replace("W", "") : layout;
    }

    boolean compatible(HostGroup other) {
        return conflict(other) == null;
    }

    /**
     * The hard constraint that keeps the two groups apart (ttl, os, clock-rate, syn-layout, clock-skew,
     * clock-line, ipid-kind: a global counter beside random IPIDs), or null.
     */
    EvidenceKind conflict(HostGroup other) {
        if (ttl != 0 && other.ttl != 0 && ttl != other.ttl) {
            return EvidenceKind.TTL;
        }
        if (os != null && other.os != null && os != other.os) {
            return EvidenceKind.OS;
        }
        if (!clockRates.isEmpty() && !other.clockRates.isEmpty() && !clockRates.equals(other.clockRates)) {
            return EvidenceKind.CLOCK_RATE;
        }
        if (!synLayouts.isEmpty() && !other.synLayouts.isEmpty() && !synLayouts.equals(other.synLayouts)) {
            return EvidenceKind.SYN_LAYOUT; // timestamps, SACK and window scaling are switched per host (sysctls)
        }
        if (skew != null && other.skew != null && skew.sigmasFrom(other.skew) > SKEW_APART_SIGMAS) {
            return EvidenceKind.CLOCK_SKEW;
        }
        if ((perPairClocks() || other.perPairClocks()) && twoLinesToOneDestination(other)) {
            return EvidenceKind.CLOCK_LINE;
        }
        if (countedTo.several() && other.randomIpid || other.countedTo.several() && randomIpid) {
            // a stack numbers its packets one way: counters (global, per destination or per connection) or at
            // random (macOS 10.5+, BSDs); random values pass for a counter over four packets almost never
            return EvidenceKind.IPID_KIND;
        }
        return null;
    }

    /**
     * Whether the two cannot be one host: a hard constraint, or two global counters (a group has shown one across
     * destinations) that step back on each other. Two counters of one destination stepping back are left out:
     * where identical Windows hosts' counters to one server run close, a chain followed wrongly splits a host
     * in two pieces that then step back on each other (the synthetic office mix: 21 for 20).
     */
    boolean provablyApart(HostGroup other) {
        return conflict(other) != null || global.bits(other.global, globalCounter) < 0;
    }

    /** What tells the two groups apart, hard or soft: the evidence that separated them, for the report. */
    Set<EvidenceKind> separation(HostGroup other) {
        Set<EvidenceKind> reasons = EnumSet.noneOf(EvidenceKind.class);
        EvidenceKind hard = conflict(other);
        if (hard != null) {
            reasons.add(hard);
        }
        if (skewBits(other) < 0) {
            reasons.add(EvidenceKind.CLOCK_SKEW);
        }
        if (clockBits(other) < 0) {
            reasons.add(EvidenceKind.CLOCK_LINE);
        }
        if (counterBits(other) < 0 || global.bits(other.global, globalCounter) < 0) {
            reasons.add(EvidenceKind.IPID_COUNTER);
        }
        if (overlapBits(userAgents, other.userAgents, 0, -1) < 0) {
            reasons.add(EvidenceKind.USER_AGENT);
        }
        return reasons;
    }

    /**
     * Whether the two together would stamp connections to one destination on two clock lines although a line
     * shared by several connections shows a stack that keeps one offset per address pair: such a stack puts all
     * of a host's connections to a destination on one line. A stack with offsets per connection (Linux 4.10)
     * shares no line, so its groups hold many lines per destination and stay free of this.
     */
    private boolean twoLinesToOneDestination(HostGroup other) {
        if (clockLineByServer.isEmpty() && other.clockLineByServer.isEmpty()) {
            return false;
        }
        // either holds several lines to one destination, or the two hold different lines to one they share:
        // a count for the first, and only the smaller group's destinations to look through for the second
        if (multiLineServers > 0 || other.multiLineServers > 0) {
            return true;
        }
        HostGroup small = linesByServer.size() <= other.linesByServer.size() ? this : other;
        HostGroup big = small == this ? other : this;
        for (Map.Entry<String, Set<Integer>> e : small.linesByServer.entrySet()) {
            Set<Integer> theirs = big.linesByServer.get(e.getKey());
            if (theirs != null && !theirs.equals(e.getValue())) {
                return true;
            }
        }
        return false;
    }

    private boolean perPairClocks() {
        return os != null && os.linuxKernel();
    }

    /** The earliest of its flows (flows are numbered in the order they opened). */
    int firstFlow() {
        return firstFlow;
    }

    void absorb(HostGroup other) {
        flows.addAll(other.flows);
        firstFlow = Math.min(firstFlow, other.firstFlow);
        userAgents = union(userAgents, other.userAgents);
        clockRates = union(clockRates, other.clockRates);
        synLayouts = union(synLayouts, other.synLayouts);
        if (!other.skews.isEmpty()) {
            skews = mutable(skews);
            skews.addAll(other.skews);
            skew = SkewEstimate.combine(skews);
        }
        tls = union(tls, other.tls);
        cookies = union(cookies, other.cookies);
        if (!other.clockLineByServer.isEmpty()) {
            clockLineByServer = mutable(clockLineByServer);
            other.clockLineByServer.forEach(clockLineByServer::putIfAbsent);
        }
        if (!other.linesByServer.isEmpty()) {
            linesByServer = mutable(linesByServer);
            other.linesByServer.forEach((server, lines) -> {
                Set<Integer> mine = linesByServer.get(server);
                int had = mine == null ? 0 : mine.size(); // read first: union may add to mine in place
                Set<Integer> all = linesByServer.merge(server, lines, HostGroup::union);
                multiLineServers += (all.size() > 1 ? 1 : 0) - (had > 1 ? 1 : 0);
            });
        }
        if (!other.serversByClockLine.isEmpty()) {
            serversByClockLine = mutable(serversByClockLine);
            other.serversByClockLine.forEach((line, servers) ->
                    serversByClockLine.merge(line, servers, HostGroup::union));
        }
        counters.absorb(other.counters);
        global.absorb(other.global);
        ttl = ttl != 0 ? ttl : other.ttl;
        os = os != null ? os : other.os;
        identity |= other.identity;
        randomIpid |= other.randomIpid;
        swappedCounting |= other.swappedCounting;
        chosenTtlOnly &= other.chosenTtlOnly;
        countedTo.addAll(other.countedTo);
    }

    /** The set itself where it may be added to, else a HashSet copy of it (see the fields' comment). */
    private static <T> Set<T> mutable(Set<T> set) {
        return set instanceof HashSet<T> own ? own : new HashSet<>(set);
    }

    private static <K, V> Map<K, V> mutable(Map<K, V> map) {
        return map instanceof HashMap<K, V> own ? own : new HashMap<>(map);
    }

    /**
     * This group's values and an absorbed group's, in value order. Either side's own TreeSet is added to in place
     * (an absorbed group is never used again), so a group that absorbs thousands of flows copies nothing per flow.
     */
    private static <T extends Comparable<? super T>> Set<T> union(Set<T> mine, Set<T> theirs) {
        if (theirs.isEmpty()) {
            return mine;
        }
        if (mine.isEmpty()) {
            return theirs;
        }
        if (mine instanceof TreeSet<T> own) {
            own.addAll(theirs);
            return own;
        }
        if (theirs instanceof TreeSet<T> taken) {
            taken.addAll(mine);
            return taken;
        }
        Set<T> all = new TreeSet<>(mine);
        all.addAll(theirs);
        return all;
    }

    /** The application values that, shared, speak for one host (an index key each). */
    List<String> applicationValues() {
        List<String> values = new ArrayList<>();
        cookies.forEach(c -> values.add("cookie " + c));
        userAgents.forEach(u -> values.add("ua " + u));
        tls.forEach(t -> values.add("tls " + t));
        return values;
    }

    /**
     * Bits of application-level evidence that two groups are one host: shared session cookies nearly prove
     * it; shared User-Agents and TLS fingerprints suggest it (several hosts can run one browser build);
     * different ones weigh a little against (one host can run several programs).
     */
    double applicationBits(HostGroup other) {
        double bits = 0;
        if (!Collections.disjoint(cookies, other.cookies)) {
            bits += EvidenceKind.COOKIE.bits();
        }
        bits += overlapBits(userAgents, other.userAgents, EvidenceKind.USER_AGENT.bits(),
                EvidenceKind.USER_AGENT_APART_BITS);
        bits += overlapBits(tls, other.tls, EvidenceKind.TLS.bits(), 0);
        if (os != null && os == other.os) {
            bits += EvidenceKind.OS.bits();
        }
        return bits + clockBits(other) + skewBits(other) + counterBits(other)
                + globalBits(other);
    }

    /**
     * What the two groups' global counter timelines say of one host; a flow with a lone IPID is placed on the
     * other's timeline, its value read in that timeline's byte order: it fits where the counter could have stood
     * then, or steps back on it (legacy real-stack case: a Windows XP host's pings and lookups, 1 IPID each,
     * went to a busy byte-swapped neighbour for want of anything against it).
     */
    private double globalBits(HostGroup other) {
        if (global.isEmpty() && loneValue >= 0 && !other.global.isEmpty()) {
            int v = other.swappedCounting ? ((loneValue & 0xFF) << 8) | (loneValue >>> 8) : loneValue;
            return other.global.bits(GlobalTimeline.lone(loneNanos, v), globalCounter);
        }
        if (other.global.isEmpty() && other.loneValue >= 0 && !global.isEmpty()) {
            return other.globalBits(this);
        }
        return global.bits(other.global, globalCounter);
    }

    /**
     * Two groups whose flows to one destination, taken together, step back on its IPID counter hold two
     * counters: two hosts, unless a chain was followed wrongly (two hosts' counters can run close for a
     * while), so strong evidence against rather than a hard constraint.
     */
    private double counterBits(HostGroup other) {
        return counters.isEmpty() || other.counters.isEmpty() || counters.oneCounter(other.counters)
                ? 0 : COUNTERS_APART_BITS;
    }

    /**
     * Clock skew is a property of the crystal, not of offsets: lines of one host agree within their errors
     * whatever the destination, while two hosts' crystals differ by ppm. Beyond {@link #SKEW_APART_SIGMAS} the
     * groups are kept apart outright; over 3 sigma speaks against one host; close (under 1 sigma) speaks a little
     * for it, since hosts can be close too.
     */
    private double skewBits(HostGroup other) {
        if (skew == null || other.skew == null) {
            return 0;
        }
        double apart = skew.sigmasFrom(other.skew);
        return apart > 3 ? -10 : apart < 1 ? 2 : 0;
    }

    /**
     * A host whose clock line runs through connections to several destinations keeps one offset for all
     * (Windows, old Linux, BSDs in some versions). Two such hosts on different lines are two hosts, almost
     * surely: the evidence against is strong. Stacks with offsets per pair or per connection show no such line.
     */
    private double clockBits(HostGroup other) {
        if (!perHostClock() || !other.perHostClock()
                || !Collections.disjoint(serversByClockLine.keySet(), other.serversByClockLine.keySet())) {
            return 0;
        }
        return -12;
    }

    private boolean perHostClock() {
        for (Set<String> servers : serversByClockLine.values()) {
            if (servers.size() > 1) {
                return true;
            }
        }
        return false;
    }

    /**
     * Shared values count for; none shared counts a little against: a host running several programs shows
     * several values, but two hosts show different ones far more often than one host shows no common one.
     */
    private static double overlapBits(Set<String> a, Set<String> b, double shared, double apart) {
        if (a.isEmpty() || b.isEmpty()) {
            return 0;
        }
        return Collections.disjoint(a, b) ? apart : shared;
    }
}
