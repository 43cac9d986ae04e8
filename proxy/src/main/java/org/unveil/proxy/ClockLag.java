package org.unveil.proxy;

/**
 * How far this node's monotonic clock is behind the active node's, learned from the link's heartbeats: each says
 * the sender's clock when it was written, and reaches this node later by the link's delay, so each gives the lag
 * less that delay; the largest seen is the closest from below. From below is the side that is safe: the timestamps
 * of a restored socket then continue at most the smallest delay (well under the one-second silence that preceded
 * the take-over) behind the dead socket's clock, so still ahead of anything the peer saw from it.
 */
final class ClockLag {
    private long millis = Long.MIN_VALUE;

    /** A heartbeat written at {@code senderMillis} on the active node, read at {@code localMillis} here. */
    void heard(long senderMillis, long localMillis) {
        millis = Math.max(millis, senderMillis - localMillis);
    }

    /** The lag in ms; 0 (one clock) when no heartbeat came, as when the active node died before its first. */
    long millis() {
        return millis == Long.MIN_VALUE ? 0 : millis;
    }
}
