package org.unveil.hosts;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.unveil.capture.flow.IpAddresses;

/** Ranges of client addresses as the passes over a big capture split them: 128-bit, IPv4 among IPv6. */
class AddressRangeTest {
    private static boolean in(AddressRange range, String address) {
        long[] a = IpAddresses.parse(address);
        return range.contains(a[0], a[1]);
    }

    @Test
    void belowAndFromSplitARangeAtAnAddressWithNothingLostOrShared() {
        long[] at = IpAddresses.parse("198.51.100.7");
        AddressRange lower = AddressRange.ALL.below(at[0], at[1]);
        AddressRange upper = AddressRange.ALL.from(at[0], at[1]);
        for (String a : new String[] {"::", "::1", "198.51.100.6", "198.51.100.7", "198.51.100.8", "2001:db8::1",
                "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff"}) {
            assertThat(in(lower, a) ^ in(upper, a)).as(a).isTrue();
        }
        assertThat(in(lower, "198.51.100.6")).isTrue();
        assertThat(in(upper, "198.51.100.7")).isTrue();
    }

    /** Below an address whose low half is zero, the high half borrows one. */
    @Test
    void belowBorrowsAcrossTheHalves() {
        long[] at = IpAddresses.parse("2001:db8:0:1::");
        AddressRange lower = AddressRange.ALL.below(at[0], at[1]);
        assertThat(in(lower, "2001:db8::ffff:ffff:ffff:ffff")).isTrue();
        assertThat(in(lower, "2001:db8:0:1::")).isFalse();
    }

    @Test
    void ipv4SortsAfterLoopbackAndBeforeGlobalIpv6() {
        long[] v4 = IpAddresses.parse("203.0.113.1");
        long[] loopback = IpAddresses.parse("::1");
        long[] global = IpAddresses.parse("2001:db8::1");
        assertThat(AddressRange.compare(loopback[0], loopback[1], v4[0], v4[1])).isNegative();
        assertThat(AddressRange.compare(v4[0], v4[1], global[0], global[1])).isNegative();
    }

    @Test
    void onlyHoldsJustTheAddressHoweverItIsWritten() {
        AddressRange one = AddressRange.only("2001:DB8::1");
        assertThat(one.single()).isTrue();
        assertThat(in(one, "2001:db8::1")).isTrue();
        assertThat(in(one, "2001:db8::2")).isFalse();
    }
}
