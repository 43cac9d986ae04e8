package org.unveil.proxy.state;

/**
 * One connection's bookkeeping as last committed: stream offsets of each direction (bytes taken from the
 * source, bytes handed to the destination; the ring holds those between) and its flags.
 */
public record SlotRecord(long sequence, long connectionId, int flags, long clientToServerRead,
        long clientToServerWritten, long serverToClientRead, long serverToClientWritten, int clientAddress,
        int clientPort, int destinationAddress, int destinationPort) {
    public static final int LIVE = 1;
    public static final int HTTP = 2;

    public boolean live() {
        return (flags & LIVE) != 0;
    }
}
