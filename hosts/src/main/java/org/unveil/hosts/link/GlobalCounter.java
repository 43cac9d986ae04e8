package org.unveil.hosts.link;

import java.util.List;
import org.unveil.hosts.FlowEvidence;

/**
 * An address whose data show a global IPID counter (more flows continue a predecessor across destinations than
 * chance gives): how far one host's counter can move between two moments, bounded by what the whole address
 * sent then (a NAT's public side shows what its hosts send out) and a little unseen traffic.
 */
public final class GlobalCounter {
    /** Steps allowed however short the gap, and per second of it, for what the capture does not see. */
    private static final double SLACK = 16;
    private static final double UNSEEN_PER_SECOND = 0.2;
    private final SentPackets sent;
    private final boolean[] shared;

    GlobalCounter(List<FlowEvidence> flows, boolean[] shared) {
        sent = new SentPackets(flows);
        this.shared = shared;
    }

    /** Whether flow {@code i}'s own values show its counter running with more than its destination's traffic. */
    public boolean shownShared(int i) {
        return shared[i];
    }

    /** How fast the flow showed its host's counter run on what the capture does not see, values a second. */
    public double unseenRate(FlowEvidence f) {
        return sent.unseenRate(f, f.ipid().first(), f.ipid().last());
    }

    /** The most a host's global counter can have advanced from {@code fromNanos} to {@code toNanos}. */
    public double window(long fromNanos, long toNanos) {
        long gap = Math.max(0, toNanos - fromNanos);
        return SLACK + UNSEEN_PER_SECOND * gap / 1e9 + SequenceLinker.SENT_SHARE * sent.between(fromNanos, toNanos);
    }
}
