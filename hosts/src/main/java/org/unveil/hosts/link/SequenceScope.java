package org.unveil.hosts.link;

import org.unveil.hosts.FlowEvidence;
import org.unveil.hosts.evidence.OsFamily;

/**
 * Which flows of a host share one counter (IPID or source port), by what its stack is known to do: one
 * counter for everything, one per destination, or none worth following.
 */
enum SequenceScope {
    GLOBAL, PER_DESTINATION, NONE;

    /** IPIDs: Windows keeps one counter per destination; Linux per connection and macOS/FreeBSD random ones. */
    static SequenceScope ipid(FlowEvidence f) {
        OsFamily os = f.os();
        if (os == null) {
            // No SYN (UDP, or a connection caught midway): Linux and Windows both count per destination there
            // (Linux in hashed buckets), and a global counter continues per destination too.
            return PER_DESTINATION;
        }
        return switch (os) {
            case UNKNOWN -> GLOBAL; // old stacks count globally; the gap limits keep chance matches rare
            case WINDOWS -> PER_DESTINATION;
            default -> NONE;
        };
    }

    /**
     * Source ports behind a port-preserving NAT: Windows hands out ephemeral ports in sequence, Linux steps
     * through a per-destination range (RFC 6056 algorithm 3), macOS and FreeBSD pick at random.
     */
    static SequenceScope ports(FlowEvidence f) {
        OsFamily os = f.os();
        if (os == null) {
            return NONE;
        }
        return switch (os) {
            case WINDOWS -> GLOBAL;
            case LINUX, ANDROID -> PER_DESTINATION;
            default -> NONE;
        };
    }
}
