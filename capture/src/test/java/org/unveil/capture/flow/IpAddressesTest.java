package org.unveil.capture.flow;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class IpAddressesTest {
    /** Packs eight groups written out in full into the high and low halves. */
    private static String format(int... groups) {
        long high = 0;
        long low = 0;
        for (int i = 0; i < 4; i++) {
            high = (high << 16) | groups[i];
            low = (low << 16) | groups[i + 4];
        }
        return IpAddresses.format(high, low);
    }

    @ParameterizedTest
    @CsvSource({
        "0xC0A80001, 192.168.0.1",
        "0x00000000, 0.0.0.0",
        "0xFFFFFFFF, 255.255.255.255",
        "0x0A000102, 10.0.1.2",
        "0x80000001, 128.0.0.1",
    })
    void ipv4IsADottedQuadOfUnsignedBytes(String value, String text) {
        assertThat(IpAddresses.ipv4(Integer.parseUnsignedInt(value.substring(2), 16))).isEqualTo(text);
    }

    @ParameterizedTest(name = "{8}")
    @CsvSource({
        // RFC 5952 4.2.1: the longest run of zero groups is "::"
        "0x2001, 0x0db8, 0, 0, 0, 0, 0, 1, 2001:db8::1",
        "0, 0, 0, 0, 0, 0, 0, 0, ::",
        "0, 0, 0, 0, 0, 0, 0, 1, ::1",
        "1, 0, 0, 0, 0, 0, 0, 0, 1::",
        "0x2001, 0, 0, 1, 0, 0, 0, 1, 2001:0:0:1::1",
        "0, 0, 1, 2, 3, 4, 5, 6, ::1:2:3:4:5:6",
        "1, 2, 3, 4, 5, 6, 0, 0, 1:2:3:4:5:6::",
        "0xfe80, 0, 0, 0, 0x0211, 0x22ff, 0xfe33, 0x4455, fe80::211:22ff:fe33:4455",
        // 4.2.3: when runs tie, the first is shortened
        "0x2001, 0x0db8, 0, 0, 1, 0, 0, 1, 2001:db8::1:0:0:1",
        "1, 0, 0, 2, 3, 0, 0, 4, 1::2:3:0:0:4",
        // 4.2.2: a single zero group is not shortened
        "0x2001, 0x0db8, 0, 1, 1, 1, 1, 1, 2001:db8:0:1:1:1:1:1",
        "0, 1, 2, 3, 4, 5, 6, 7, 0:1:2:3:4:5:6:7",
        "1, 2, 3, 4, 5, 6, 7, 0, 1:2:3:4:5:6:7:0",
        "1, 0, 1, 0, 1, 0, 1, 0, 1:0:1:0:1:0:1:0",
        // 4.1: no leading zeros; 4.3: lower case
        "0x2001, 0x0DB8, 0x00AB, 0x000C, 0xABCD, 0xEF01, 0x0010, 0x0100, 2001:db8:ab:c:abcd:ef01:10:100",
        "0xffff, 0xffff, 0xffff, 0xffff, 0xffff, 0xffff, 0xffff, 0xffff, ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff",
        // a run crossing the middle of the address
        "0x2001, 0xdb8, 1, 0, 0, 0, 1, 1, 2001:db8:1::1:1",
    })
    void ipv6FollowsRfc5952(int g0, int g1, int g2, int g3, int g4, int g5, int g6, int g7, String text) {
        assertThat(format(g0, g1, g2, g3, g4, g5, g6, g7)).isEqualTo(text);
    }

    @ParameterizedTest(name = "{8}")
    @CsvSource({
        "0, 0, 0, 0, 0, 0xffff, 0xc000, 0x0201, 192.0.2.1",
        "0, 0, 0, 0, 0, 0xffff, 0, 0, 0.0.0.0",
        "0, 0, 0, 0, 0, 0xffff, 0xffff, 0xffff, 255.255.255.255",
    })
    void ipv4MappedAddressesComeOutAsIpv4(int g0, int g1, int g2, int g3, int g4, int g5, int g6, int g7,
            String text) {
        assertThat(format(g0, g1, g2, g3, g4, g5, g6, g7)).isEqualTo(text);
    }

    @ParameterizedTest(name = "{8}")
    @CsvSource({
        // near misses of the mapped prefix stay IPv6
        "0, 0, 0, 1, 0, 0xffff, 0xc000, 0x0201, ::1:0:ffff:c000:201",
        "0, 0, 0, 0, 0, 0xfffe, 0xc000, 0x0201, ::fffe:c000:201",
        "0, 0, 0, 0, 1, 0xffff, 0xc000, 0x0201, ::1:ffff:c000:201",
    })
    void addressesNearTheMappedPrefixStayIpv6(int g0, int g1, int g2, int g3, int g4, int g5, int g6, int g7,
            String text) {
        assertThat(format(g0, g1, g2, g3, g4, g5, g6, g7)).isEqualTo(text);
    }

    private static String ipv6(int... groups) {
        long high = 0;
        long low = 0;
        for (int i = 0; i < 4; i++) {
            high = (high << 16) | groups[i];
            low = (low << 16) | groups[i + 4];
        }
        return IpAddresses.ipv6(high, low);
    }

    @ParameterizedTest(name = "{8}")
    @CsvSource({
        // as tshark 4.0 (glibc inet_ntop) prints them
        "0, 0, 0, 0, 0, 0xffff, 0xc000, 0x0201, ::ffff:192.0.2.1",
        "0, 0, 0, 0, 0, 0, 0xc000, 0x0201, ::192.0.2.1",
        "0, 0, 0, 0, 0, 0xffff, 0, 0, ::ffff:0.0.0.0",
        "0, 0, 0, 0, 0, 0, 1, 0, ::0.1.0.0",
        "0, 0, 0, 0, 0, 0, 0, 1, ::1",
        "0, 0, 0, 0, 0, 0, 0, 0, ::",
        "0, 0, 0, 0, 0, 0, 0, 0x0102, ::102",
        "0x0064, 0xff9b, 0, 0, 0, 0, 0xc000, 0x0201, 64:ff9b::c000:201",
        "0, 0, 0, 0, 0, 0xfffe, 0xc000, 0x0201, ::fffe:c000:201",
        "0, 0, 0, 0, 0, 1, 0xc000, 0x0201, ::1:c000:201",
        "0x2001, 0x0db8, 0, 0, 1, 0, 0, 1, 2001:db8::1:0:0:1",
        "0, 0, 0, 0, 0xffff, 0, 0, 0, ::ffff:0:0:0",
    })
    void ipv6HeaderAddressesFollowInetNtop(int g0, int g1, int g2, int g3, int g4, int g5, int g6, int g7,
            String text) {
        assertThat(ipv6(g0, g1, g2, g3, g4, g5, g6, g7)).isEqualTo(text);
    }

    /** What a user types finds what Unveil prints: the same 128-bit value, whatever the spelling. */
    @ParameterizedTest
    @CsvSource({
        "192.0.2.1, 192.0.2.1",
        "010.0.0.1, 10.0.0.1", // decimal, as the address check reads it: not octal
        "::ffff:192.0.2.1, 192.0.2.1",
        "2001:DB8:0::1, 2001:db8::1",
        "2001:0db8:0000:0000:0000:0000:0000:0001, 2001:db8::1",
        "::, ::",
    })
    void parseAndCanonicalAgreeWithThePrintedForm(String typed, String printed) {
        assertThat(IpAddresses.canonical(typed)).isEqualTo(printed);
        long[] value = IpAddresses.parse(typed);
        assertThat(IpAddresses.format(value[0], value[1])).isEqualTo(printed);
    }

    @ParameterizedTest
    @CsvSource({"1.2.3", "256.0.0.1", "host.example", "1.2.3.4.5", "2001:db8::g"})
    void whatIsNoAddressParsesToNull(String text) {
        assertThat(IpAddresses.parse(text)).isNull();
        assertThat(IpAddresses.canonical(text)).isNull();
    }

    @org.junit.jupiter.api.Test
    void ipv4IsHeldAsIpv4MappedIpv6AsFlowKeysHoldIt() {
        assertThat(IpAddresses.parse("192.0.2.1")).containsExactly(FlowKey.V4_MAPPED_HIGH,
                FlowKey.V4_MAPPED_PREFIX | 0xC0000201L);
    }
}
