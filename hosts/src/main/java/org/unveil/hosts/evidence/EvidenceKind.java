package org.unveil.hosts.evidence;

import java.util.Collection;
import java.util.Comparator;
import java.util.List;

/**
 * Every kind of evidence host discovery weighs, in one table: the name reports give it (a contract: the
 * {@code evidence} and {@code separatedBy} lists of {@code hosts --json}), why it is evidence, and its weight in
 * bits where the weight is fixed rather than measured from the capture (odds against chance; negative bits
 * speak against one host). Linkers, the clustering's scores and the "told apart by" explanation all read it here.
 */
public enum EvidenceKind {
    // what joins flows into one host
    TCP_CLOCK("tcp-clock", "TCP timestamps on one line at one rate: one clock", Double.NaN),
    IPID_SEQUENCE("ipid-sequence", "IPIDs continuing one counter across flows", Double.NaN),
    IPID_DESTINATION_SEQUENCE("ipid-destination-sequence",
            "IPIDs continuing one destination's counter almost exactly", Double.NaN),
    IPID_GLOBAL_SEQUENCE("ipid-global-sequence",
            "IPIDs continuing one counter across destinations, moved by what the address sent between", Double.NaN),
    SOURCE_PORT_SEQUENCE("source-port-sequence", "source ports continuing one ephemeral-port sequence", Double.NaN),
    /**
     * A host's counter runs on from its last flow in scope: a flow that does not continue the flow that ended just
     * before it was most likely another host's. Not a certainty: lost packets and unseen traffic break chains.
     */
    IPID_SEQUENCE_BREAK("ipid-sequence-break", "a counter that did not continue where it should have", -10),
    /** Before the window's share is taken off: a connection opened within it of its name's answer. */
    DNS_THEN_CONNECT("dns-then-connect", "a connection opened just after the lookup of its name was answered", 6),
    APPLICATION("application/weak", "cookies, User-Agents, TLS fingerprints and OS shared, or nothing against",
            Double.NaN),
    COOKIE("cookie", "one cookie value sent by both", 20),
    TLS("tls", "a TLS client fingerprint shared", 3),
    // what tells hosts apart (hard constraints first)
    TTL("ttl", "different initial TTLs", Double.NaN),
    /** Shared: {@link #bits}; different: a hard constraint. */
    OS("os", "SYN signatures of different operating-system families", 1),
    CLOCK_RATE("clock-rate", "TCP timestamp clocks at different rates", Double.NaN),
    SYN_LAYOUT("syn-layout", "different SYN option layouts (switched per host by sysctls)", Double.NaN),
    CLOCK_SKEW("clock-skew", "clocks drifting at different rates against the capture's", Double.NaN),
    CLOCK_LINE("clock-line", "two clock lines to one destination from a stack that keeps one per pair", Double.NaN),
    IPID_KIND("ipid-kind", "counting IPIDs beside random ones", Double.NaN),
    IPID_COUNTER("ipid-counter", "counters that step back on each other", Double.NaN),
    /** Shared: {@link #bits} for each common User-Agent; apart: {@link #USER_AGENT_APART_BITS}. */
    USER_AGENT("user-agent", "different User-Agents", 4);

    /** Bits against one host for User-Agent sets that share none. */
    public static final double USER_AGENT_APART_BITS = -2;

    private static final Comparator<EvidenceKind> BY_LABEL = Comparator.comparing(EvidenceKind::label);

    private final String label;
    private final String reason;
    private final double bits;

    EvidenceKind(String label, String reason, double bits) {
        this.label = label;
        this.reason = reason;
        this.bits = bits;
    }

    /** The name reports give it, e.g. "tcp-clock". */
    public String label() {
        return label;
    }

    /** Why it is evidence, in a few plain words, for reports. */
    public String reason() {
        return reason;
    }

    /** Its fixed weight in bits; NaN where the weight is measured from the capture (chance of the match). */
    public double bits() {
        return bits;
    }

    /** Some kinds in the reports' order: by name. */
    public static List<EvidenceKind> byLabel(Collection<EvidenceKind> kinds) {
        return kinds.stream().sorted(BY_LABEL).toList();
    }

    /** The names of some kinds in the reports' order. */
    public static List<String> labels(Collection<EvidenceKind> kinds) {
        return byLabel(kinds).stream().map(EvidenceKind::label).toList();
    }
}
