package org.unveil.stream.capture;

import java.util.Comparator;
import org.unveil.hosts.AddressInference;

/** An address as the hosts job keys packets by it: the halves of its IPv6 (or IPv4-mapped) form. */
public record AddressKey(long high, long low) implements java.io.Serializable {
    /** The reports' order of addresses. */
    public static final Comparator<AddressKey> ORDER = (a, b) -> AddressInference.compare(a.high, a.low, b.high,
            b.low);

    /** The address as Unveil prints it. */
    public String text() {
        return AddressInference.format(high, low);
    }
}
