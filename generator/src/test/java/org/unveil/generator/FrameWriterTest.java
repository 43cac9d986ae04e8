package org.unveil.generator;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.unveil.generator.app.DnsWriter;
import org.unveil.generator.frame.FrameWriter;
import org.unveil.generator.frame.OptionLayout;

/** Frames judged against the wire: real stacks' SYN option bytes, RFC 1035's layout, checksums summed here. */
class FrameWriterTest {
    private static final HexFormat HEX = HexFormat.of();

    /** The ones'-complement sum of 16-bit words, folded: 0xFFFF over a correctly checksummed range. */
    private static int onesSum(byte[] b, int from, int length, long extra) {
        long sum = extra;
        for (int i = 0; i < length; i += 2) {
            sum += ((b[from + i] & 0xFF) << 8) | (i + 1 < length ? b[from + i + 1] & 0xFF : 0);
        }
        while ((sum >>> 16) != 0) {
            sum = (sum & 0xFFFF) + (sum >>> 16);
        }
        return (int) sum;
    }

    @Test
    void synOptionsAreTheBytesEachStackSends() {
        byte[] b = new byte[40];
        // as captured from Linux 6.x, Windows 11 and macOS 14 SYNs (TSval 1, TSecr 0)
        int n = OptionLayout.LINUX.write(b, 0, 1460, 7, true, 1, 0);
        assertThat(HEX.formatHex(b, 0, n)).isEqualTo("020405b40402080a000000010000000001030307");
        n = OptionLayout.WINDOWS.write(b, 0, 1460, 8, false, 0, 0);
        assertThat(HEX.formatHex(b, 0, n)).isEqualTo("020405b40103030801010402");
        n = OptionLayout.MACOS.write(b, 0, 1460, 6, true, 1, 0);
        assertThat(HEX.formatHex(b, 0, n)).isEqualTo("020405b4010303060101080a000000010000000004020000");
    }

    @Test
    void anIpv4TcpSegmentCarriesValidLengthsAndChecksums() {
        FrameWriter w = new FrameWriter();
        int l4 = w.ethernet(0x0200_0000_0002L, 0x0200_0000_0001L, -1, false);
        w.ipv4(0xC000_0201, 0xC633_6401, 64, 0x1234, FrameWriter.PROTO_TCP, true);
        int options = OptionLayout.writeEstablished(w.frame, l4 + 20, 7, 9);
        w.frame[l4 + 20 + options] = 'x';
        w.tcp(l4, 40000, 80, 1, 2, 0x18, 502, options);
        int length = w.finish(20 + options + 1, FrameWriter.PROTO_TCP, 16);
        byte[] f = Arrays.copyOf(w.frame, length);
        assertThat(length).isEqualTo(14 + 20 + 20 + 12 + 1).isEqualTo(w.length());
        assertThat(HEX.formatHex(f, 12, 14)).isEqualTo("0800");
        assertThat(((f[16] & 0xFF) << 8) | (f[17] & 0xFF)).as("IPv4 total length").isEqualTo(length - 14);
        assertThat(onesSum(f, 14, 20, 0)).as("IPv4 header checksum").isEqualTo(0xFFFF);
        int segment = length - l4;
        long pseudo = onesSum(f, 26, 8, 0) + FrameWriter.PROTO_TCP + segment;
        assertThat(onesSum(f, l4, segment, pseudo)).as("TCP checksum").isEqualTo(0xFFFF);
        assertThat(f[l4 + 12] & 0xFF).as("data offset: 8 words").isEqualTo(0x80);
    }

    @Test
    void aTaggedIpv6DatagramCarriesItsVlanAndAValidChecksum() {
        FrameWriter w = new FrameWriter();
        int l4 = w.ethernet(1, 2, 20, true);
        w.ipv6(0x2001_0DB8_0000_0000L, 1, 0x2001_0DB8_0000_0000L, 2, 64, 0xABCDE, FrameWriter.PROTO_UDP);
        int length = 8 + DnsWriter.query(w.frame, l4 + 8, 7, DnsWriter.labels("example.com"));
        w.udp(l4, 5353, 53, length);
        int frame = w.finish(length, FrameWriter.PROTO_UDP, 6);
        byte[] f = Arrays.copyOf(w.frame, frame);
        assertThat(HEX.formatHex(f, 12, 18)).isEqualTo("8100001486dd");
        assertThat(HEX.formatHex(f, 18, 22)).isEqualTo("600abcde");
        long pseudo = onesSum(f, 18 + 8, 32, 0) + FrameWriter.PROTO_UDP + length;
        assertThat(onesSum(f, l4, length, pseudo)).as("UDP checksum").isEqualTo(0xFFFF);
    }

    @Test
    void dnsQueryAndAnswerFollowRfc1035() {
        byte[] b = new byte[64];
        byte[] name = DnsWriter.labels("www.example.com");
        int n = DnsWriter.query(b, 0, 0x1234, name);
        assertThat(HEX.formatHex(b, 0, n)).isEqualTo("123401000001000000000000"
                + "03777777076578616d706c6503636f6d00" + "00010001");
        n = DnsWriter.answer(b, 0, 0x1234, name, 0xC000_0201, 300);
        assertThat(HEX.formatHex(b, 0, n)).isEqualTo("123481800001000100000000"
                + "03777777076578616d706c6503636f6d00" + "00010001" + "c00c00010001" + "0000012c" + "0004c0000201");
    }
}
