package org.unveil.scan;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The IPv6 parser and formatter against the JDK's InetAddress, and RFC 5952's own examples. */
class Ipv6Test {
    /** The JDK's value; it makes ::ffff:a.b.c.d an IPv4 address, so that one is mapped back by hand. */
    private static BigInteger jdk(String text) throws Exception {
        byte[] b = InetAddress.getByName(text).getAddress();
        BigInteger v = new BigInteger(1, b);
        return b.length == 4 ? v.or(BigInteger.valueOf(0xffff).shiftLeft(32)) : v;
    }

    private static BigInteger ours(String text) {
        long[] out = new long[2];
        assertThat(Ipv6.parse(text, out)).as(text).isTrue();
        return Ipv6.toBigInteger(out[0], out[1]);
    }

    @Test
    void parsesAsTheJdkDoes() throws Exception {
        for (String s : new String[] {"::", "::1", "1::", "2001:db8::", "2001:db8:0:0:1:0:0:1", "2001:DB8::8:800:200C:417A",
            "ff02::1:ff00:1", "::ffff:192.0.2.1", "64:ff9b::198.51.100.7", "fe80:0:0:0:0:0:0:1", "1:2:3:4:5:6:7:8",
            "1:2:3:4:5:6::8", "1::2:3:4:5:6:7", "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff", "2001:0db8:0000::0001"}) {
            assertThat(ours(s)).as(s).isEqualTo(jdk(s));
            byte[] b = (" " + s + ",").getBytes(StandardCharsets.US_ASCII);
            long[] out = new long[2];
            assertThat(Ipv6.parse(b, 1, b.length - 1, out)).isTrue();
            assertThat(Ipv6.toBigInteger(out[0], out[1])).isEqualTo(jdk(s));
        }
    }

    @Test
    void refusesWhatIsNotAnAddress() {
        long[] out = new long[2];
        for (String s : new String[] {"", ":", ":::", "1:2:3:4:5:6:7:8:9", "1:2:3:4:5:6:7", "1::2::3", "12345::",
            "1:", ":1", "g::", "::1.2.3", "::256.1.1.1", "fe80::1%eth0", "2001:db8::/32", "192.0.2.1", "1:2:3:4:5:6:7::8:9",
            "::ffff:1.2.3.4:5", " ::1", "２００１::"}) {
            assertThat(Ipv6.parse(s, out)).as("'%s'", s).isFalse();
        }
    }

    @Test
    void formatsAsRfc5952Says() throws Exception {
        assertThat(fmt("2001:db8:0:0:1:0:0:1")).isEqualTo("2001:db8::1:0:0:1");
        assertThat(fmt("2001:db8:0:1:1:1:1:1")).isEqualTo("2001:db8:0:1:1:1:1:1"); // one zero group stays
        assertThat(fmt("2001:0:0:1:0:0:0:1")).isEqualTo("2001:0:0:1::1"); // the longest run
        assertThat(fmt("2001:db8:0:0:1:0:0:1")).isEqualTo("2001:db8::1:0:0:1"); // the first of equal runs
        assertThat(fmt("::")).isEqualTo("::");
        assertThat(fmt("::1")).isEqualTo("::1");
        assertThat(fmt("1::")).isEqualTo("1::");
        SplittableRandom random = new SplittableRandom(5);
        for (int i = 0; i < 10_000; i++) {
            long hi = random.nextInt(4) == 0 ? 0 : random.nextLong();
            long lo = random.nextInt(3) == 0 ? random.nextLong() & 0xffff : random.nextLong();
            String text = Ipv6.format(hi, lo);
            assertThat(jdk(text)).as(text).isEqualTo(Ipv6.toBigInteger(hi, lo));
            assertThat(ours(text)).isEqualTo(Ipv6.toBigInteger(hi, lo));
        }
    }

    private static String fmt(String text) {
        long[] out = new long[2];
        assertThat(Ipv6.parse(text, out)).isTrue();
        return Ipv6.format(out[0], out[1]);
    }
}
