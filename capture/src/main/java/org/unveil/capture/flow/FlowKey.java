package org.unveil.capture.flow;

/**
 * A canonical bidirectional 5-tuple: both directions of a conversation give the same key. Endpoint A is
 * the smaller (address, port) pair; addresses are 128-bit, IPv4 held as IPv4-mapped IPv6 (RFC 4291
 * section 2.5.5.2) so one type serves both versions. {@link FlowTable} makes them.
 */
public record FlowKey(int protocol, long addressAHigh, long addressALow, int portA, long addressBHigh,
        long addressBLow, int portB) {

    public static final long V4_MAPPED_HIGH = 0L;
    public static final long V4_MAPPED_PREFIX = 0x0000_FFFF_0000_0000L;

    public String addressA() {
        return IpAddresses.format(addressAHigh, addressALow);
    }

    public String addressB() {
        return IpAddresses.format(addressBHigh, addressBLow);
    }

    @Override
    public String toString() {
        return protocol + " " + IpAddresses.withPort(addressA(), portA) + " <-> " + IpAddresses.withPort(addressB(), portB);
    }
}
