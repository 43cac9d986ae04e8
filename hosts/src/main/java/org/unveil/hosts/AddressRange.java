package org.unveil.hosts;

import org.unveil.capture.decode.PacketLayers;
import org.unveil.capture.flow.FlowKey;
import org.unveil.capture.flow.IpAddresses;

/**
 * The client addresses one pass over a capture books, {@code from} to {@code to} inclusive, as 128-bit numbers
 * (IPv4 as IPv4-mapped IPv6, as flow keys hold them, so IPv4 sorts after {@code ::1} and before {@code 2001:db8::}).
 * Addresses are independent in inference, so a capture with more flows than memory holds is read once per range,
 * in address order, and each range's results are written before the next is read.
 */
public record AddressRange(long fromHigh, long fromLow, long toHigh, long toLow) {
    static final AddressRange ALL = new AddressRange(0, 0, -1, -1);

    /** Just one address, given in any form {@link IpAddresses#parse} takes. */
    static AddressRange only(String address) {
        long[] a = IpAddresses.parse(address);
        if (a == null) {
            throw new IllegalArgumentException("not an address: " + address);
        }
        return new AddressRange(a[0], a[1], a[0], a[1]);
    }

    /** Whether the address {@code high:low} (IPv4 as IPv4-mapped) is in the range. */
    public boolean contains(long high, long low) {
        return compare(high, low, fromHigh, fromLow) >= 0 && compare(high, low, toHigh, toLow) <= 0;
    }

    /** Whether the packet's source or destination is in the range: else no flow of the range can hold it. */
    boolean admits(PacketLayers layers) {
        if (layers.ipVersion() == 4) {
            long s = FlowKey.V4_MAPPED_PREFIX | Integer.toUnsignedLong(layers.ipv4().source());
            long d = FlowKey.V4_MAPPED_PREFIX | Integer.toUnsignedLong(layers.ipv4().destination());
            return contains(FlowKey.V4_MAPPED_HIGH, s) || contains(FlowKey.V4_MAPPED_HIGH, d);
        }
        if (layers.ipVersion() == 6) {
            return contains(layers.ipv6().sourceHigh(), layers.ipv6().sourceLow())
                    || contains(layers.ipv6().destinationHigh(), layers.ipv6().destinationLow());
        }
        return false;
    }

    /** The part below {@code high:low}; the address must be above {@code from}. */
    AddressRange below(long high, long low) {
        long h = low == 0 ? high - 1 : high;
        return new AddressRange(fromHigh, fromLow, h, low - 1);
    }

    /** The part from {@code high:low} on. */
    AddressRange from(long high, long low) {
        return new AddressRange(high, low, toHigh, toLow);
    }

    boolean single() {
        return fromHigh == toHigh && fromLow == toLow;
    }

    static int compare(long aHigh, long aLow, long bHigh, long bLow) {
        int c = Long.compareUnsigned(aHigh, bHigh);
        return c != 0 ? c : Long.compareUnsigned(aLow, bLow);
    }

    @Override
    public String toString() {
        return IpAddresses.format(fromHigh, fromLow) + ".." + IpAddresses.format(toHigh, toLow);
    }
}
