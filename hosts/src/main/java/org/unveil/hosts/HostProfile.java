package org.unveil.hosts;

import java.util.List;
import java.util.Set;
import org.unveil.hosts.evidence.EvidenceKind;

/**
 * One inferred host behind an address: who it looks like and how much it did.
 *
 * @param clockHz TCP timestamp clock rate, or null when it sent no timestamps (or too few to tell)
 * @param skewPpm clock skew against the capture's clock, its lines combined, or null under a minute of any line
 * @param evidence the kinds of evidence that joined its flows (e.g. TCP_CLOCK, IPID_SEQUENCE)
 * @param separatedBy what told it apart from the address's other hosts (e.g. TTL, SYN_LAYOUT, CLOCK_SKEW)
 * @param uptimeSeconds time since boot at last sight, where its clock runs from boot on one line across
 *        destinations (no random offsets); null otherwise
 * @param mayBeSeveral whether its flows fall into pieces that nothing a second identical machine would show
 *        differently ties together (a counter, a clock line, a crystal, a cookie): then it may be several machines
 */
public record HostProfile(String id, String os, int initialTtl, List<String> userAgents, List<String> tlsFingerprints,
        Double clockHz, Double skewPpm, int flows, long packets, long bytes, long firstSeenNanos, long lastSeenNanos,
        Set<EvidenceKind> evidence, Set<EvidenceKind> separatedBy, Double uptimeSeconds, boolean mayBeSeveral) {
}
