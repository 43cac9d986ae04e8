package org.unveil.proxy.state;

/**
 * One connection's bookkeeping as last committed: stream offsets of each direction (bytes taken from the
 * source, bytes handed to the destination; the ring holds those between), its flags and, in HTTP mode, its
 * filter's snapshot (the client's stream offset and the output offset there, the parser's phase as an ordinal
 * of {@code HttpFilter.Phase}, the bytes left in it, the requests passed and a refusal by time).
 */
public record SlotRecord(long sequence, long connectionId, int flags, long clientToServerRead,
        long clientToServerWritten, long serverToClientRead, long serverToClientWritten, int clientAddress,
        int clientPort, int destinationAddress, int destinationPort, long filterRaw, long filterOut,
        int filterPhase, long filterRemaining, int filterRequests, int filterRefusal) {
    public static final int LIVE = 1;
    public static final int HTTP = 2;

    public boolean live() {
        return (flags & LIVE) != 0;
    }
}
