package org.unveil.hosts.link;

import org.unveil.hosts.FlowEvidence;

/**
 * Which flows of a host share one counter (IPID or source port), by what its stack is known to do: one
 * counter for everything, one per destination, or none worth following.
 */
enum SequenceScope {
    GLOBAL, PER_DESTINATION, NONE;

    /** IPIDs: Windows keeps one counter per destination; Linux per connection and macOS/FreeBSD random ones. */
    static SequenceScope ipid(FlowEvidence f) {
        String os = f.os();
        if (os == null) {
            // No SYN (UDP, or a connection caught midway): Linux and Windows both count per destination there
            // (Linux in hashed buckets), and a global counter continues per destination too.
            return PER_DESTINATION;
        }
        if (os.startsWith("unknown")) {
            return GLOBAL; // old stacks count globally; the gap limits keep chance matches rare
        }
        return os.equals("windows") ? PER_DESTINATION : NONE;
    }

    /**
     * Source ports behind a port-preserving NAT: Windows hands out ephemeral ports in sequence, Linux steps
     * through a per-destination range (RFC 6056 algorithm 3), macOS and FreeBSD pick at random.
     */
    static SequenceScope ports(FlowEvidence f) {
        String os = f.os();
        if (os == null) {
            return NONE;
        }
        return switch (os) {
            case "windows" -> GLOBAL;
            case "linux", "android" -> PER_DESTINATION;
            default -> NONE;
        };
    }
}
