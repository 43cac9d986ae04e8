package org.unveil.balance.traffic;

/**
 * One connection of a flow log: when it started and how long it lasted, its 5-tuple as the client sent it,
 * and how many packets and bytes it carried in both directions together.
 */
public record FlowRecord(long startNanos, long durationNanos, int protocol, long source, int sourcePort,
        long destination, int destinationPort, long packets, long bytes) {

    public FlowRecord {
        if (packets < 1) {
            throw new IllegalArgumentException("a flow has at least one packet, got " + packets);
        }
        if (bytes < packets) {
            throw new IllegalArgumentException("a flow of " + packets + " packets carries at least as many bytes, got "
                    + bytes);
        }
        if (durationNanos < 0) {
            throw new IllegalArgumentException("negative duration " + durationNanos);
        }
    }
}
