package org.unveil.balance;

/**
 * One packet crossing the gateway cluster, as the simulator hands it to a scheduler. The simulator reuses
 * one instance for every packet; schedulers must not keep it.
 *
 * <p>Addresses and ports are seen from the cluster: the internal side (the protected network, e.g. the
 * university) and the external side (the Internet), whatever the packet's direction. Addresses are IPv4,
 * held as unsigned 32-bit values (the thesis's model, and every scheduler here, work on IPv4).
 */
public final class SimPacket {
    /** Virtual time in nanoseconds. */
    public long timeNanos;
    /** Bytes on the wire. */
    public int bytes;
    /** IP protocol number (6 TCP, 17 UDP, ...). */
    public int protocol;
    public long internalAddress;
    public long externalAddress;
    /** Port on the internal side, 0 where the packet has none (fragments, ICMP). */
    public int internalPort;
    /** Port on the external side ("remote port" of the thesis), 0 where the packet has none. */
    public int externalPort;
    /** True for internal → external. */
    public boolean outbound;
    /** Connection number: 0, 1, 2, ... in order of each connection's first packet. */
    public long connection;
    /** True on the first packet of its connection. */
    public boolean firstOfConnection;
    /** True on the last packet of its connection (the simulator knows the whole trace). */
    public boolean lastOfConnection;

    /** The source address of the packet as sent (depends on direction). */
    public long sourceAddress() {
        return outbound ? internalAddress : externalAddress;
    }

    public long destinationAddress() {
        return outbound ? externalAddress : internalAddress;
    }
}
