package org.unveil.capture.fields;

import static org.assertj.core.api.Assertions.assertThat;
import static org.unveil.capture.TestPackets.ETHERTYPE_ARP;
import static org.unveil.capture.TestPackets.ETHERTYPE_IPV4;
import static org.unveil.capture.TestPackets.ETHERTYPE_IPV6;
import static org.unveil.capture.TestPackets.ICMP;
import static org.unveil.capture.TestPackets.ICMPV6;
import static org.unveil.capture.TestPackets.TCP;
import static org.unveil.capture.TestPackets.UDP;
import static org.unveil.capture.TestPackets.ascii;
import static org.unveil.capture.TestPackets.clientHello;
import static org.unveil.capture.TestPackets.cut;
import static org.unveil.capture.TestPackets.ethernet;
import static org.unveil.capture.TestPackets.ethernetPadded;
import static org.unveil.capture.TestPackets.icmp;
import static org.unveil.capture.TestPackets.ipv4;
import static org.unveil.capture.TestPackets.ipv6;
import static org.unveil.capture.TestPackets.tcp;
import static org.unveil.capture.TestPackets.udp;
import static org.unveil.capture.TestPackets.v6;

import java.lang.foreign.MemorySegment;
import java.util.EnumSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.unveil.capture.LinkType;
import org.unveil.capture.Packet;
import org.unveil.capture.decode.PacketDecoder;
import org.unveil.capture.decode.PacketLayers;
import org.unveil.capture.decode.TcpHeader;

class PacketFieldTest {
    private final PacketLayers layers = new PacketLayers();

    /** What the field appends for the packet; asserts append's result agrees with whether anything was written. */
    private String field(PacketField f, Packet packet) {
        PacketDecoder.decode(packet, layers);
        StringBuilder out = new StringBuilder("|");
        boolean present = f.append(packet, layers, out);
        String value = out.substring(1);
        assertThat(present).as("%s present", f).isEqualTo(!value.isEmpty());
        return value;
    }

    private static Packet packet(int linkType, long nanos, byte[] bytes) {
        return Packet.of(linkType, nanos, bytes);
    }

    /** An Ethernet SYN from 192.0.2.10:51514 to 198.51.100.7:443 with the usual Linux options. */
    private static Packet syn() {
        byte[] segment = tcp().ports(51514, 443).sequence(3_000_000_000L).acknowledgment(0).flags(TcpHeader.SYN)
                .window(64240).mss(1460).sackPermitted().timestamps(2_900_000_000L, 0).nop().windowScale(7).build();
        byte[] ip = ipv4().source("192.0.2.10").destination("198.51.100.7").id(0x00af).ttl(64).df().build(segment);
        return packet(LinkType.ETHERNET, 1_700_000_000_123_456_789L, ethernet(ETHERTYPE_IPV4, ip));
    }

    @Test
    void frameFieldsComeFromThePacketRecord() {
        Packet p = syn();
        assertThat(field(PacketField.FRAME_NUMBER, p)).isEqualTo("1");
        assertThat(field(PacketField.FRAME_LEN, p)).isEqualTo("74");
        assertThat(field(PacketField.FRAME_CAP_LEN, p)).isEqualTo("74");

        Packet cutShort = new Packet();
        byte[] bytes = cut(ethernet(ETHERTYPE_IPV4, ipv4().build(tcp().payload(new byte[1000]).build())), 96);
        cutShort.set(42, 0, LinkType.ETHERNET, 0, 0, MemorySegment.ofArray(bytes), 0, 96, 1054);
        assertThat(field(PacketField.FRAME_NUMBER, cutShort)).isEqualTo("42");
        assertThat(field(PacketField.FRAME_LEN, cutShort)).isEqualTo("1054");
        assertThat(field(PacketField.FRAME_CAP_LEN, cutShort)).isEqualTo("96");
    }

    @ParameterizedTest
    @CsvSource({
        "1700000000123456789, 1700000000.123456789",
        "1700000000000000000, 1700000000.000000000",
        "1700000000000000001, 1700000000.000000001",
        "1700000000100000000, 1700000000.100000000",
        "5, 0.000000005",
        "0, 0.000000000",
        "999999999, 0.999999999",
        "4102444800500000000, 4102444800.500000000",
        "9223372036854775807, 9223372036.854775807",
    })
    void epochTimeHasNineDecimals(long nanos, String text) {
        assertThat(field(PacketField.FRAME_TIME_EPOCH, packet(LinkType.ETHERNET, nanos, new byte[0])))
                .isEqualTo(text);
    }

    @ParameterizedTest
    @CsvSource({
        // tshark 4.0 prints the floored second and a positive fraction: -1 ns is -1 s + 0.999999999 s
        "-1, -1.999999999",
        "-500000000, -1.500000000",
        "-1000000000, -1.000000000",
        "-1500000000, -2.500000000",
        "-9223372036854775808, -9223372037.145224192",
    })
    void epochTimesBeforeNineteenSeventyPrintTheFlooredSecondAndAPositiveFraction(long nanos, String text) {
        assertThat(field(PacketField.FRAME_TIME_EPOCH, packet(LinkType.ETHERNET, nanos, new byte[0])))
                .isEqualTo(text);
    }

    @Test
    void ipv4FieldsArePrintedAsTsharkDoes() {
        Packet p = syn();
        assertThat(field(PacketField.IP_SRC, p)).isEqualTo("192.0.2.10");
        assertThat(field(PacketField.IP_DST, p)).isEqualTo("198.51.100.7");
        assertThat(field(PacketField.IP_PROTO, p)).isEqualTo("6");
        assertThat(field(PacketField.IP_ID, p)).isEqualTo("0x00af");
        assertThat(field(PacketField.IP_TTL, p)).isEqualTo("64");
        assertThat(field(PacketField.IP_FLAGS_DF, p)).isEqualTo("1");
    }

    @ParameterizedTest
    @CsvSource({"0, 0x0000", "1, 0x0001", "0xbeef, 0xbeef", "0xFFFF, 0xffff", "0x1000, 0x1000"})
    void ipIdIsFourLowerCaseHexDigits(String id, String text) {
        byte[] ip = ipv4().id(Integer.decode(id)).build(tcp().build());
        assertThat(field(PacketField.IP_ID, packet(LinkType.RAW, 0, ip))).isEqualTo(text);
    }

    @Test
    void dontFragmentClearIsZero() {
        assertThat(field(PacketField.IP_FLAGS_DF, packet(LinkType.RAW, 0, ipv4().build(tcp().build()))))
                .isEqualTo("0");
    }

    @Test
    void tcpFieldsArePrintedRaw() {
        Packet p = syn();
        assertThat(field(PacketField.TCP_SRCPORT, p)).isEqualTo("51514");
        assertThat(field(PacketField.TCP_DSTPORT, p)).isEqualTo("443");
        assertThat(field(PacketField.TCP_FLAGS, p)).isEqualTo("0x0002");
        assertThat(field(PacketField.TCP_SEQ, p)).isEqualTo("3000000000");
        assertThat(field(PacketField.TCP_ACK, p)).isEqualTo("0");
        assertThat(field(PacketField.TCP_WINDOW_SIZE_VALUE, p)).isEqualTo("64240");
        assertThat(field(PacketField.TCP_LEN, p)).isEqualTo("0");
        assertThat(field(PacketField.TCP_MSS, p)).isEqualTo("1460");
        assertThat(field(PacketField.TCP_WSCALE, p)).isEqualTo("7");
        assertThat(field(PacketField.TCP_TSVAL, p)).isEqualTo("2900000000");
        assertThat(field(PacketField.TCP_TSECR, p)).isEqualTo("0");
    }

    @ParameterizedTest
    @CsvSource({"0x012, 0x0012", "0x018, 0x0018", "0x011, 0x0011", "0x0c2, 0x00c2", "0x1c2, 0x01c2", "0xfff, 0x0fff",
        "0x000, 0x0000"})
    void tcpFlagsAreFourLowerCaseHexDigits(String flags, String text) {
        byte[] ip = ipv4().build(tcp().flags(Integer.decode(flags)).build());
        assertThat(field(PacketField.TCP_FLAGS, packet(LinkType.RAW, 0, ip))).isEqualTo(text);
    }

    @Test
    void tcpLenCountsThePayload() {
        byte[] ip = ipv4().build(tcp().flags(TcpHeader.PSH | TcpHeader.ACK).payload(new byte[517]).build());
        assertThat(field(PacketField.TCP_LEN, packet(LinkType.RAW, 0, ip))).isEqualTo("517");
    }

    @Test
    void tcpLenIgnoresEthernetPadding() {
        byte[] frame = ethernetPadded(ETHERTYPE_IPV4, ipv4().build(tcp().payload(new byte[2]).build()), 60);
        assertThat(field(PacketField.TCP_LEN, packet(LinkType.ETHERNET, 0, frame))).isEqualTo("2");
    }

    @Test
    void tcpLenIsTheSegmentLengthTheIpHeaderClaimsEvenWhenTheSnaplenCutIt() {
        // 20 + 32 + 1448 = 1500 bytes of IP on the wire; a snaplen of 96 kept 14 + 20 + 32 + 30 of them
        byte[] segment = tcp().nop().nop().timestamps(1, 2).payload(new byte[1448]).build();
        assertThat(segment).hasSize(32 + 1448);
        byte[] frame = ethernet(ETHERTYPE_IPV4, ipv4().build(segment));
        Packet p = new Packet();
        p.set(1, 0, LinkType.ETHERNET, 0, 0, MemorySegment.ofArray(cut(frame, 96)), 0, 96, frame.length);
        assertThat(field(PacketField.TCP_LEN, p)).isEqualTo("1448");

        byte[] v6frame = ethernet(ETHERTYPE_IPV6, ipv6().build(TCP, tcp().payload(new byte[1000]).build()));
        Packet p6 = new Packet();
        p6.set(1, 0, LinkType.ETHERNET, 0, 0, MemorySegment.ofArray(cut(v6frame, 80)), 0, 80, v6frame.length);
        assertThat(field(PacketField.TCP_LEN, p6)).isEqualTo("1000");
    }

    @Test
    void tcpLenOfASegmentationOffloadPacketFollowsTheFrame() {
        // total length 0: the frame's own length says how long the segment is
        byte[] frame = ethernet(ETHERTYPE_IPV4, ipv4().totalLength(0).build(tcp().payload(new byte[5000]).build()));
        assertThat(field(PacketField.TCP_LEN, packet(LinkType.ETHERNET, 0, frame))).isEqualTo("5000");
    }

    @Test
    void tcpOptionFieldsAreAbsentWithoutTheirOptions() {
        byte[] ip = ipv4().build(tcp().flags(TcpHeader.ACK).build());
        Packet p = packet(LinkType.RAW, 0, ip);
        assertThat(field(PacketField.TCP_MSS, p)).isEmpty();
        assertThat(field(PacketField.TCP_WSCALE, p)).isEmpty();
        assertThat(field(PacketField.TCP_TSVAL, p)).isEmpty();
        assertThat(field(PacketField.TCP_TSECR, p)).isEmpty();
        assertThat(field(PacketField.TCP_SRCPORT, p)).isEqualTo("40000");
    }

    @Test
    void ipv6FieldsArePrintedAsTsharkDoes() {
        byte[] ip = ipv6().hopLimit(58).source(v6(0x2001, 0xdb8, 0, 0, 1, 0, 0, 1))
                .destination(v6(0xfe80, 0, 0, 0, 0, 0, 0, 0x2)).hopByHop(8)
                .build(UDP, udp().ports(546, 547).build(new byte[10]));
        Packet p = packet(LinkType.ETHERNET, 0, ethernet(ETHERTYPE_IPV6, ip));
        assertThat(field(PacketField.IPV6_SRC, p)).isEqualTo("2001:db8::1:0:0:1");
        assertThat(field(PacketField.IPV6_DST, p)).isEqualTo("fe80::2");
        assertThat(field(PacketField.IPV6_NXT, p)).isEqualTo("0");
        assertThat(field(PacketField.IPV6_HLIM, p)).isEqualTo("58");
        assertThat(field(PacketField.UDP_SRCPORT, p)).isEqualTo("546");
        assertThat(field(PacketField.UDP_DSTPORT, p)).isEqualTo("547");
        // no IPv4 fields on an IPv6 packet
        assertThat(field(PacketField.IP_SRC, p)).isEmpty();
        assertThat(field(PacketField.IP_ID, p)).isEmpty();
        assertThat(field(PacketField.IP_FLAGS_DF, p)).isEmpty();
        assertThat(field(PacketField.TCP_SRCPORT, p)).isEmpty();
    }

    @Test
    void icmpTypeAndCode() {
        byte[] ip = ipv4().protocol(ICMP).build(icmp(3, 4, 0, 0, 1400, new byte[28]));
        Packet p = packet(LinkType.RAW, 0, ip);
        assertThat(field(PacketField.ICMP_TYPE, p)).isEqualTo("3");
        assertThat(field(PacketField.ICMP_CODE, p)).isEqualTo("4");
        assertThat(field(PacketField.IP_PROTO, p)).isEqualTo("1");
        assertThat(field(PacketField.UDP_SRCPORT, p)).isEmpty();
    }

    @Test
    void ipv6FieldsWriteEmbeddedIpv4AddressesInMixedNotation() {
        byte[] ip = ipv6().source(v6(0, 0, 0, 0, 0, 0xffff, 0xc000, 0x0201)).destination(v6(0, 0, 0, 0, 0, 0, 0xc000,
                0x0202)).build(UDP, udp().build(new byte[0]));
        Packet p = packet(LinkType.RAW, 0, ip);
        assertThat(field(PacketField.IPV6_SRC, p)).isEqualTo("::ffff:192.0.2.1");
        assertThat(field(PacketField.IPV6_DST, p)).isEqualTo("::192.0.2.2");
        assertThat(field(PacketField.IP_SRC, p)).isEmpty();
    }

    @Test
    void icmpFieldsAreIcmpv4Only() {
        byte[] ip = ipv6().build(ICMPV6, icmp(128, 0, 0, 5, 6, new byte[8]));
        Packet p = packet(LinkType.RAW, 0, ip);
        assertThat(field(PacketField.ICMP_TYPE, p)).isEmpty();
        assertThat(field(PacketField.ICMP_CODE, p)).isEmpty();
        assertThat(field(PacketField.IPV6_NXT, p)).isEqualTo("58");
    }

    @Test
    void httpRequestFields() {
        byte[] ip = ipv4().build(tcp().payload("GET /a/b?c=d HTTP/1.1\r\nhost:   site.example\r\n"
                + "user-agent: Agent/1.0 (Test)\r\nX-FORWARDED-FOR: 198.51.100.1\r\n\r\n").build());
        Packet p = packet(LinkType.RAW, 0, ip);
        assertThat(field(PacketField.HTTP_REQUEST_METHOD, p)).isEqualTo("GET");
        assertThat(field(PacketField.HTTP_REQUEST_URI, p)).isEqualTo("/a/b?c=d");
        assertThat(field(PacketField.HTTP_HOST, p)).isEqualTo("site.example");
        assertThat(field(PacketField.HTTP_USER_AGENT, p)).isEqualTo("Agent/1.0 (Test)");
        assertThat(field(PacketField.HTTP_X_FORWARDED_FOR, p)).isEqualTo("198.51.100.1");
        assertThat(field(PacketField.HTTP_RESPONSE_CODE, p)).isEmpty();
        assertThat(field(PacketField.HTTP_SERVER, p)).isEmpty();
    }

    @Test
    void httpResponseFields() {
        byte[] ip = ipv4().build(tcp().ports(80, 40000).payload("HTTP/1.1 302 Found\r\nServer:  Apache\r\n\r\n")
                .build());
        Packet p = packet(LinkType.RAW, 0, ip);
        assertThat(field(PacketField.HTTP_RESPONSE_CODE, p)).isEqualTo("302");
        assertThat(field(PacketField.HTTP_SERVER, p)).isEqualTo("Apache");
        assertThat(field(PacketField.HTTP_REQUEST_METHOD, p)).isEmpty();
        assertThat(field(PacketField.HTTP_REQUEST_URI, p)).isEmpty();
    }

    @Test
    void emptyHeaderValueIsPresentButPrintsNothing() {
        byte[] ip = ipv4().build(tcp().payload("GET / HTTP/1.1\r\nHost:\r\n\r\n").build());
        PacketDecoder.decode(packet(LinkType.RAW, 0, ip), layers);
        StringBuilder out = new StringBuilder();
        assertThat(PacketField.HTTP_HOST.append(packet(LinkType.RAW, 0, ip), layers, out)).isTrue();
        assertThat(out).isEmpty();
    }

    @Test
    void tlsServerName() {
        byte[] ip = ipv4().build(tcp().ports(51000, 443).payload(clientHello().serverName("secure.example")
                .alpn("h2").build()).build());
        assertThat(field(PacketField.TLS_SNI, packet(LinkType.RAW, 0, ip))).isEqualTo("secure.example");
        byte[] noSni = ipv4().build(tcp().payload(clientHello().alpn("h2").build()).build());
        assertThat(field(PacketField.TLS_SNI, packet(LinkType.RAW, 0, noSni))).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(PacketField.class)
    void absentFieldsAppendNothing(PacketField f) {
        Set<PacketField> frame = EnumSet.of(PacketField.FRAME_NUMBER, PacketField.FRAME_TIME_EPOCH,
                PacketField.FRAME_LEN, PacketField.FRAME_CAP_LEN);
        Packet arp = packet(LinkType.ETHERNET, 0, ethernetPadded(ETHERTYPE_ARP, new byte[28], 60));
        PacketDecoder.decode(arp, layers);
        StringBuilder out = new StringBuilder("prefix");
        boolean present = f.append(arp, layers, out);
        if (frame.contains(f)) {
            assertThat(present).isTrue();
            assertThat(out.length()).isGreaterThan(6);
        } else {
            assertThat(present).isFalse();
            assertThat(out).hasToString("prefix");
        }
    }

    @ParameterizedTest
    @EnumSource(PacketField.class)
    void fieldsOfUndecodablePacketsAppendNothingButFrameFields(PacketField f) {
        Packet p = packet(147, 0, ethernet(ETHERTYPE_IPV4, ipv4().build(tcp().build())));
        PacketDecoder.decode(p, layers);
        StringBuilder out = new StringBuilder();
        boolean present = f.append(p, layers, out);
        assertThat(present).isEqualTo(f.name().startsWith("FRAME_"));
        assertThat(out.isEmpty()).isEqualTo(!present);
    }

    @ParameterizedTest
    @EnumSource(PacketField.class)
    void numericFieldsPrintOnlyDigits(PacketField f) {
        byte[] http = ipv4().build(tcp().mss(1460).windowScale(2).timestamps(5, 6).nop().nop().nop()
                .payload("HTTP/1.1 200 OK\r\nServer: s\r\n\r\n").build());
        Packet p = packet(LinkType.RAW, 1_700_000_000_000_000_000L, http);
        PacketDecoder.decode(p, layers);
        StringBuilder out = new StringBuilder();
        if (f.append(p, layers, out) && f.numeric()) {
            assertThat(out.toString()).matches("[0-9]+(\\.[0-9]{9})?");
        }
    }

    @Test
    void namesAndAliasesFollowTshark() {
        assertThat(PacketField.IP_ID.fieldName()).isEqualTo("ip.id");
        assertThat(PacketField.IP_ID.alias()).isNull();
        assertThat(PacketField.TCP_SEQ.fieldName()).isEqualTo("tcp.seq");
        assertThat(PacketField.TCP_SEQ.alias()).isEqualTo("tcp.seq_raw");
        assertThat(PacketField.TCP_ACK.alias()).isEqualTo("tcp.ack_raw");
        assertThat(PacketField.TCP_MSS.alias()).isEqualTo("tcp.options.mss_val");
        assertThat(PacketField.TCP_WSCALE.alias()).isEqualTo("tcp.options.wscale.shift");
        assertThat(PacketField.TCP_TSVAL.alias()).isEqualTo("tcp.options.timestamp.tsval");
        assertThat(PacketField.TCP_TSECR.alias()).isEqualTo("tcp.options.timestamp.tsecr");
        assertThat(PacketField.TLS_SNI.alias()).isEqualTo("tls.handshake.extensions_server_name");
        assertThat(PacketField.FRAME_TIME_EPOCH.fieldName()).isEqualTo("frame.time_epoch");
    }

    @Test
    void numericMarksDecimalFieldsOnly() {
        assertThat(PacketField.IP_TTL.numeric()).isTrue();
        assertThat(PacketField.FRAME_TIME_EPOCH.numeric()).isTrue();
        assertThat(PacketField.IP_ID.numeric()).isFalse();
        assertThat(PacketField.TCP_FLAGS.numeric()).isFalse();
        assertThat(PacketField.IP_SRC.numeric()).isFalse();
        assertThat(PacketField.HTTP_HOST.numeric()).isFalse();
    }

    @Test
    void byNameFindsNamesAndAliasesIgnoringCaseAndBlanks() {
        assertThat(PacketField.byName("ip.src")).isEqualTo(PacketField.IP_SRC);
        assertThat(PacketField.byName("  TCP.FLAGS ")).isEqualTo(PacketField.TCP_FLAGS);
        assertThat(PacketField.byName("tcp.seq_raw")).isEqualTo(PacketField.TCP_SEQ);
        assertThat(PacketField.byName("tcp.options.mss_val")).isEqualTo(PacketField.TCP_MSS);
        assertThat(PacketField.byName("TLS.Handshake.Extensions_Server_Name")).isEqualTo(PacketField.TLS_SNI);
        assertThat(PacketField.byName("ip.nonsense")).isNull();
        assertThat(PacketField.byName("")).isNull();
    }

    @Test
    void everyFieldIsFoundByItsOwnNameAndAlias() {
        for (PacketField f : PacketField.values()) {
            assertThat(PacketField.byName(f.fieldName())).isEqualTo(f);
            if (f.alias() != null) {
                assertThat(PacketField.byName(f.alias())).isEqualTo(f);
            }
        }
    }

    @Test
    void defaultsAreTheFoundationIssuesFieldsInOrderWithIpv6sAddresses() {
        assertThat(PacketField.DEFAULTS).containsExactly(PacketField.FRAME_NUMBER, PacketField.FRAME_TIME_EPOCH,
                PacketField.IP_SRC, PacketField.IP_DST, PacketField.IPV6_SRC, PacketField.IPV6_DST, PacketField.IP_PROTO, PacketField.IP_ID, PacketField.IP_TTL,
                PacketField.IP_FLAGS_DF, PacketField.TCP_SRCPORT, PacketField.TCP_DSTPORT, PacketField.TCP_FLAGS,
                PacketField.TCP_SEQ, PacketField.TCP_ACK, PacketField.TCP_WINDOW_SIZE_VALUE, PacketField.TCP_MSS,
                PacketField.TCP_WSCALE, PacketField.TCP_TSVAL, PacketField.TCP_TSECR, PacketField.UDP_SRCPORT,
                PacketField.UDP_DSTPORT, PacketField.HTTP_USER_AGENT, PacketField.HTTP_X_FORWARDED_FOR,
                PacketField.HTTP_HOST, PacketField.TLS_SNI);
    }

    @Test
    void udpFieldsOnIpv4() {
        byte[] ip = ipv4().protocol(UDP).build(udp().ports(5353, 5353).build(ascii("mdns")));
        Packet p = packet(LinkType.RAW, 0, ip);
        assertThat(field(PacketField.UDP_SRCPORT, p)).isEqualTo("5353");
        assertThat(field(PacketField.UDP_DSTPORT, p)).isEqualTo("5353");
        assertThat(field(PacketField.IP_PROTO, p)).isEqualTo("17");
        assertThat(field(PacketField.TCP_LEN, p)).isEmpty();
    }
}
