package org.unveil.capture.decode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.unveil.capture.TestPackets.ETHERTYPE_ARP;
import static org.unveil.capture.TestPackets.ETHERTYPE_IPV4;
import static org.unveil.capture.TestPackets.ETHERTYPE_IPV6;
import static org.unveil.capture.TestPackets.GRE;
import static org.unveil.capture.TestPackets.IPIP;
import static org.unveil.capture.TestPackets.IPV6_IN_IP;
import static org.unveil.capture.TestPackets.TCP;
import static org.unveil.capture.TestPackets.UDP;
import static org.unveil.capture.TestPackets.bytes;
import static org.unveil.capture.TestPackets.concat;
import static org.unveil.capture.TestPackets.cut;
import static org.unveil.capture.TestPackets.decode;
import static org.unveil.capture.TestPackets.ethernet;
import static org.unveil.capture.TestPackets.geneve;
import static org.unveil.capture.TestPackets.gre;
import static org.unveil.capture.TestPackets.ipv4;
import static org.unveil.capture.TestPackets.ipv6;
import static org.unveil.capture.TestPackets.mplsEntry;
import static org.unveil.capture.TestPackets.packet;
import static org.unveil.capture.TestPackets.pppoeSession;
import static org.unveil.capture.TestPackets.tcp;
import static org.unveil.capture.TestPackets.udp;
import static org.unveil.capture.TestPackets.vxlan;

import org.junit.jupiter.api.Test;
import org.unveil.capture.LinkType;
import org.unveil.capture.TestPackets;
import org.unveil.capture.decode.PacketLayers.Status;
import org.unveil.capture.fields.PacketField;
import org.unveil.capture.flow.FlowTable;

class TunnelsTest {
    /** The inner packet every test wraps: 192.168.1.5:40000 -> 192.168.1.9:443, TCP with 5 bytes. */
    private static byte[] innerIpv4Tcp() {
        return ipv4().source("192.168.1.5").destination("192.168.1.9").ttl(33).id(0x1234)
                .build(tcp().ports(40000, 443).payload("hello").build());
    }

    private static byte[] innerIpv6Udp() {
        return ipv6().build(UDP, udp().ports(5353, 5353).build(new byte[] {9, 9, 9, 9}));
    }

    /** Outer Ethernet, IPv4 10.0.0.1 -> 10.0.0.2 with {@code protocol}, carrying {@code payload}. */
    private static byte[] outerIpv4(int protocol, byte[] payload) {
        return ethernet(ETHERTYPE_IPV4, ipv4().protocol(protocol).build(payload));
    }

    private static byte[] outerUdp(int port, byte[] payload) {
        return outerIpv4(UDP, udp().ports(51234, port).build(payload));
    }

    private static void assertInnerTcp(PacketLayers layers) {
        assertThat(layers.status()).isEqualTo(Status.DECODED);
        assertThat(layers.ipVersion()).isEqualTo(4);
        assertThat(layers.etherType()).isEqualTo(ETHERTYPE_IPV4);
        assertThat(layers.ipv4().source()).isEqualTo(0xC0A80105);
        assertThat(layers.ipv4().destination()).isEqualTo(0xC0A80109);
        assertThat(layers.protocol()).isEqualTo(TCP);
        assertThat(layers.hasTcp()).isTrue();
        assertThat(layers.hasUdp()).isFalse();
        assertThat(layers.tcp().destinationPort()).isEqualTo(443);
        assertThat(layers.payloadLength()).isEqualTo(5);
    }

    private static String field(PacketField field, int linkType, byte[] bytes) {
        var packet = packet(linkType, bytes);
        var layers = PacketDecoder.decode(packet, new PacketLayers());
        StringBuilder out = new StringBuilder();
        field.append(packet, layers, out);
        return out.toString();
    }

    // ---- VXLAN and GENEVE ----

    @Test
    void vxlanCarriesAnEthernetFrameWhosePacketIsThePacket() {
        byte[] frame = outerUdp(4789, vxlan(0xABCDE, ethernet(ETHERTYPE_IPV4, innerIpv4Tcp())));
        PacketLayers layers = decode(LinkType.ETHERNET, frame);

        assertInnerTcp(layers);
        assertThat(layers.tunnels()).isEqualTo(PacketLayers.TUNNEL_VXLAN);
        assertThat(layers.vxlanVni()).isEqualTo(0xABCDE);
        assertThat(layers.encapsulations()).isEqualTo(1);
        // the carrier's UDP header is kept for udp.* (tshark's value), but the transport layer is the inner TCP
        assertThat(layers.lastUdp().destinationPort()).isEqualTo(4789);
        assertThat(field(PacketField.VXLAN_VNI, LinkType.ETHERNET, frame)).isEqualTo(Integer.toString(0xABCDE));
        assertThat(field(PacketField.IP_SRC, LinkType.ETHERNET, frame)).isEqualTo("192.168.1.5");
        assertThat(field(PacketField.IP_TTL, LinkType.ETHERNET, frame)).isEqualTo("33");
        assertThat(field(PacketField.UDP_DSTPORT, LinkType.ETHERNET, frame)).isEqualTo("4789");
        assertThat(field(PacketField.TCP_LEN, LinkType.ETHERNET, frame)).isEqualTo("5");
    }

    @Test
    void vxlanWithoutTheIFlagIsLeftAsUdp() {
        byte[] header = vxlan(7, ethernet(ETHERTYPE_IPV4, innerIpv4Tcp()));
        header[0] = 0;
        PacketLayers layers = decode(LinkType.ETHERNET, outerUdp(4789, header));

        assertThat(layers.tunnels()).isZero();
        assertThat(layers.hasUdp()).isTrue();
        assertThat(layers.ipv4().source()).isEqualTo(0x0A000001);
    }

    @Test
    void aTunnelCarryingNoIpLeavesTheCarrierAsThePacket() {
        byte[] arp = ethernet(ETHERTYPE_ARP, new byte[28]);
        PacketLayers layers = decode(LinkType.ETHERNET, outerUdp(4789, vxlan(42, arp)));

        assertThat(layers.vxlanVni()).isEqualTo(42);
        assertThat(layers.ipVersion()).isEqualTo(4);
        assertThat(layers.ipv4().source()).isEqualTo(0x0A000001);
        assertThat(layers.hasUdp()).isTrue();
        assertThat(layers.etherType()).isEqualTo(ETHERTYPE_IPV4);
    }

    @Test
    void aTruncatedInnerHeaderIsMarkedAndTheCarrierKept() {
        byte[] frame = outerUdp(4789, vxlan(42, ethernet(ETHERTYPE_IPV4, innerIpv4Tcp())));
        PacketLayers layers = decode(LinkType.ETHERNET, cut(frame, frame.length - innerIpv4Tcp().length + 10));

        assertThat(layers.status()).isEqualTo(Status.TRUNCATED);
        assertThat(layers.vxlanVni()).isEqualTo(42);
        assertThat(layers.ipv4().source()).isEqualTo(0x0A000001);
        assertThat(layers.hasUdp()).isTrue();
    }

    @Test
    void geneveSkipsItsOptionsAndFollowsItsProtocolType() {
        byte[] options = bytes().u16(0x0101).u8(0x80).u8(1).u32(0xDEADBEEFL).toArray();
        byte[] frame = outerUdp(6081, geneve(0x123456, 0x6558, options, ethernet(ETHERTYPE_IPV4, innerIpv4Tcp())));
        PacketLayers layers = decode(LinkType.ETHERNET, frame);

        assertInnerTcp(layers);
        assertThat(layers.geneveVni()).isEqualTo(0x123456);
        assertThat(field(PacketField.GENEVE_VNI, LinkType.ETHERNET, frame)).isEqualTo("0x123456");

        PacketLayers direct = decode(LinkType.ETHERNET,
                outerUdp(6081, geneve(9, ETHERTYPE_IPV4, new byte[0], innerIpv4Tcp())));
        assertInnerTcp(direct);
    }

    // ---- GRE and ERSPAN ----

    @Test
    void greWithChecksumKeyAndSequenceCarriesIpv4() {
        byte[] frame = outerIpv4(GRE, gre(ETHERTYPE_IPV4, 0xFFFF, 0x01020304L, 77L, innerIpv4Tcp()));
        PacketLayers layers = decode(LinkType.ETHERNET, frame);

        assertInnerTcp(layers);
        assertThat(layers.tunnels()).isEqualTo(PacketLayers.TUNNEL_GRE);
        assertThat(layers.greProtocol()).isEqualTo(ETHERTYPE_IPV4);
        assertThat(layers.greKey()).isEqualTo(0x01020304L);
        assertThat(layers.greSequence()).isEqualTo(77);
        assertThat(field(PacketField.GRE_KEY, LinkType.ETHERNET, frame)).isEqualTo("0x01020304");
        assertThat(field(PacketField.GRE_PROTO, LinkType.ETHERNET, frame)).isEqualTo("0x0800");
        assertThat(field(PacketField.IP_PROTO, LinkType.ETHERNET, frame)).isEqualTo("6");
    }

    @Test
    void greWithoutOptionalFieldsAndTransparentBridging() {
        PacketLayers plain = decode(LinkType.ETHERNET, outerIpv4(GRE, gre(ETHERTYPE_IPV4, null, null, null,
                innerIpv4Tcp())));
        assertInnerTcp(plain);
        assertThat(plain.greKey()).isEqualTo(-1);
        assertThat(plain.greSequence()).isEqualTo(-1);

        PacketLayers bridged = decode(LinkType.ETHERNET, outerIpv4(GRE, gre(0x6558, null, 5L, null,
                ethernet(ETHERTYPE_IPV4, innerIpv4Tcp()))));
        assertInnerTcp(bridged);
        assertThat(bridged.greKey()).isEqualTo(5);
    }

    @Test
    void greCutInsideItsOptionalFieldsIsTruncated() {
        byte[] frame = outerIpv4(GRE, gre(ETHERTYPE_IPV4, 0, 1L, 2L, innerIpv4Tcp()));
        PacketLayers layers = decode(LinkType.ETHERNET, cut(frame, 14 + 20 + 10));

        assertThat(layers.status()).isEqualTo(Status.TRUNCATED);
        assertThat(layers.protocol()).isEqualTo(GRE);
        assertThat(layers.ipv4().source()).isEqualTo(0x0A000001);
    }

    @Test
    void greVersionsOtherThanZeroAndOneAreLeftUndecoded() {
        byte[] header = gre(ETHERTYPE_IPV4, null, null, null, innerIpv4Tcp());
        header[1] = 2;
        PacketLayers layers = decode(LinkType.ETHERNET, outerIpv4(GRE, header));

        assertThat(layers.tunnels()).isZero();
        assertThat(layers.protocol()).isEqualTo(GRE);
    }

    @Test
    void erspanTypeIiHasItsSessionIdAndAMirroredFrame() {
        byte[] erspan = bytes().u16(0x1000 | 100).u16(0x2000 | 0x155).u32(0x12345).toArray(); // ver 1, vlan 100
        byte[] frame = outerIpv4(GRE, gre(0x88BE, null, null, 9L, concat(erspan,
                ethernet(ETHERTYPE_IPV4, innerIpv4Tcp()))));
        PacketLayers layers = decode(LinkType.ETHERNET, frame);

        assertInnerTcp(layers);
        assertThat(layers.tunnels()).isEqualTo(PacketLayers.TUNNEL_GRE | PacketLayers.TUNNEL_ERSPAN);
        assertThat(layers.erspanVersion()).isEqualTo(1);
        assertThat(layers.erspanSpanId()).isEqualTo(0x155);
    }

    @Test
    void erspanTypeIHasNoHeader() {
        PacketLayers layers = decode(LinkType.ETHERNET, outerIpv4(GRE, gre(0x88BE, null, null, null,
                ethernet(ETHERTYPE_IPV4, innerIpv4Tcp()))));

        assertInnerTcp(layers);
        assertThat(layers.erspanVersion()).isZero();
        assertThat(layers.erspanSpanId()).isEqualTo(-1);
    }

    @Test
    void erspanTypeIiiSkipsThePlatformSubheaderWhenPresent() {
        byte[] withSubheader = bytes().u16(0x2000).u16(0x03FF).u32(123456).u16(0).u16(0x0001).zeros(8).toArray();
        PacketLayers layers = decode(LinkType.ETHERNET, outerIpv4(GRE, gre(0x22EB, null, null, 1L,
                concat(withSubheader, ethernet(ETHERTYPE_IPV4, innerIpv4Tcp())))));
        assertInnerTcp(layers);
        assertThat(layers.erspanVersion()).isEqualTo(2);
        assertThat(layers.erspanSpanId()).isEqualTo(0x3FF);

        byte[] otherFrameType = bytes().u16(0x2000).u16(1).u32(0).u16(0).u16(7 << 10).toArray();
        PacketLayers notEthernet = decode(LinkType.ETHERNET, outerIpv4(GRE, gre(0x22EB, null, null, 1L,
                concat(otherFrameType, ethernet(ETHERTYPE_IPV4, innerIpv4Tcp())))));
        assertThat(notEthernet.tunneled(PacketLayers.TUNNEL_ERSPAN)).isTrue();
        assertThat(notEthernet.protocol()).isEqualTo(GRE);
    }

    // ---- IP in IP ----

    @Test
    void ipv4InIpv4AndIpv6InIpv4() {
        PacketLayers four = decode(LinkType.ETHERNET, outerIpv4(IPIP, innerIpv4Tcp()));
        assertInnerTcp(four);
        assertThat(four.tunnels()).isEqualTo(PacketLayers.TUNNEL_IP_IN_IP);

        byte[] sixInFour = outerIpv4(IPV6_IN_IP, innerIpv6Udp());
        PacketLayers six = decode(LinkType.ETHERNET, sixInFour);
        assertThat(six.ipVersion()).isEqualTo(6);
        assertThat(six.etherType()).isEqualTo(ETHERTYPE_IPV6);
        assertThat(six.hasUdp()).isTrue();
        assertThat(six.udp().destinationPort()).isEqualTo(5353);
        // as tshark: ip.* show the IPv4 carrier, ipv6.* the inner packet
        assertThat(six.lastIpv4().source()).isEqualTo(0x0A000001);
        assertThat(field(PacketField.IP_PROTO, LinkType.ETHERNET, sixInFour)).isEqualTo("41");
        assertThat(field(PacketField.IPV6_SRC, LinkType.ETHERNET, sixInFour)).isEqualTo("2001:db8::1");
    }

    @Test
    void ipv4InIpv6() {
        byte[] frame = ethernet(ETHERTYPE_IPV6, ipv6().build(IPIP, innerIpv4Tcp()));
        PacketLayers layers = decode(LinkType.ETHERNET, frame);

        assertInnerTcp(layers);
        assertThat(layers.lastIpv6()).isNotNull();
        assertThat(field(PacketField.IPV6_NXT, LinkType.ETHERNET, frame)).isEqualTo("4");
    }

    @Test
    void ipv6InIpv6ShowsTheInnerHeaderInIpv6Fields() {
        byte[] inner = ipv6().source(TestPackets.v6(0xfd00, 0, 0, 0, 0, 0, 0, 7)).build(UDP,
                udp().ports(1000, 2000).build(new byte[4]));
        byte[] frame = ethernet(ETHERTYPE_IPV6, ipv6().build(IPV6_IN_IP, inner));
        PacketLayers layers = decode(LinkType.ETHERNET, frame);

        assertThat(layers.ipVersion()).isEqualTo(6);
        assertThat(layers.tunnels()).isEqualTo(PacketLayers.TUNNEL_IP_IN_IP);
        assertThat(layers.udp().destinationPort()).isEqualTo(2000);
        assertThat(layers.lastIpv4()).isNull();
        assertThat(field(PacketField.IPV6_SRC, LinkType.ETHERNET, frame)).isEqualTo("fd00::7");
        assertThat(field(PacketField.IPV6_NXT, LinkType.ETHERNET, frame)).isEqualTo("17");
    }

    // ---- MPLS and PPPoE ----

    @Test
    void mplsLabelStackThenIpByFirstNibble() {
        byte[] stack = concat(mplsEntry(1000, 0, false, 64), mplsEntry(16, 0, true, 63));
        byte[] frame = ethernet(0x8847, concat(stack, innerIpv4Tcp()));
        PacketLayers layers = decode(LinkType.ETHERNET, frame);

        assertInnerTcp(layers);
        assertThat(layers.mplsLabel()).isEqualTo(1000);
        assertThat(layers.mplsTtl()).isEqualTo(64);
        assertThat(layers.mplsLabelCount()).isEqualTo(2);
        assertThat(field(PacketField.MPLS_LABEL, LinkType.ETHERNET, frame)).isEqualTo("1000");

        PacketLayers six = decode(LinkType.ETHERNET, ethernet(0x8848, concat(mplsEntry(2, 0, true, 1),
                innerIpv6Udp())));
        assertThat(six.ipVersion()).isEqualTo(6);
        assertThat(six.hasUdp()).isTrue();
    }

    @Test
    void mplsWithoutBottomOfStackIsTruncated() {
        PacketLayers layers = decode(LinkType.ETHERNET, ethernet(0x8847, concat(mplsEntry(1, 0, false, 1),
                mplsEntry(2, 0, false, 1))));

        assertThat(layers.status()).isEqualTo(Status.TRUNCATED);
        assertThat(layers.mplsLabel()).isEqualTo(1);
        assertThat(layers.ipVersion()).isZero();
    }

    @Test
    void mplsInUdp() {
        PacketLayers layers = decode(LinkType.ETHERNET, outerUdp(6635, concat(mplsEntry(77, 0, true, 9),
                innerIpv4Tcp())));

        assertInnerTcp(layers);
        assertThat(layers.mplsLabel()).isEqualTo(77);
    }

    @Test
    void pppoeSessionCarriesIpv4AndIpv6() {
        byte[] frame = ethernet(0x8864, pppoeSession(0x1a2b, 0x0021, innerIpv4Tcp()));
        PacketLayers layers = decode(LinkType.ETHERNET, frame);

        assertInnerTcp(layers);
        assertThat(layers.pppoeSession()).isEqualTo(0x1a2b);
        assertThat(layers.pppProtocol()).isEqualTo(0x0021);
        assertThat(field(PacketField.PPPOE_SESSION_ID, LinkType.ETHERNET, frame)).isEqualTo("0x1a2b");

        PacketLayers six = decode(LinkType.ETHERNET, ethernet(0x8864, pppoeSession(1, 0x0057, innerIpv6Udp())));
        assertThat(six.ipVersion()).isEqualTo(6);

        PacketLayers discovery = decode(LinkType.ETHERNET, ethernet(0x8863,
                bytes().u8(0x11).u8(0x09).u16(0).u16(0).toArray()));
        assertThat(discovery.pppoeSession()).isZero();
        assertThat(discovery.ipVersion()).isZero();
    }

    // ---- link types ----

    @Test
    void pppWithAndWithoutHdlcFramingAndWithACompressedProtocol() {
        assertInnerTcp(decode(LinkType.PPP, concat(bytes().u8(0xFF).u8(0x03).u16(0x0021).toArray(),
                innerIpv4Tcp())));
        assertInnerTcp(decode(LinkType.PPP, concat(bytes().u16(0x0021).toArray(), innerIpv4Tcp())));
        PacketLayers compressed = decode(LinkType.PPP_SERIAL, concat(bytes().u8(0x21).toArray(), innerIpv4Tcp()));
        assertInnerTcp(compressed);
        assertThat(compressed.pppProtocol()).isEqualTo(0x21);
        // Cisco PPP with HDLC framing in DLT_PPP_SERIAL
        PacketLayers cisco = decode(LinkType.PPP_SERIAL, concat(bytes().u8(0x0F).u8(0).u16(ETHERTYPE_IPV4)
                .toArray(), innerIpv4Tcp()));
        assertInnerTcp(cisco);
        assertThat(cisco.chdlcProtocol()).isEqualTo(ETHERTYPE_IPV4);
    }

    @Test
    void ciscoHdlc() {
        assertInnerTcp(decode(LinkType.C_HDLC, concat(bytes().u8(0x0F).u8(0).u16(ETHERTYPE_IPV4).toArray(),
                innerIpv4Tcp())));
        PacketLayers slarp = decode(LinkType.C_HDLC, bytes().u8(0x8F).u8(0).u16(0x8035).zeros(18).toArray());
        assertThat(slarp.status()).isEqualTo(Status.DECODED);
        assertThat(slarp.chdlcProtocol()).isEqualTo(0x8035);
        assertThat(slarp.ipVersion()).isZero();
        assertThat(decode(LinkType.C_HDLC, new byte[] {0x0F, 0}).status()).isEqualTo(Status.TRUNCATED);
    }

    @Test
    void frameRelayWithNlpidsAndSnap() {
        // DLCI 100: high six bits 000110 in byte 0, low four 0100 in byte 1, EA set in byte 1
        byte[] address = {(byte) (0b000110 << 2), (byte) ((0b0100 << 4) | 1)};
        PacketLayers ip = decode(LinkType.FRELAY, concat(address, new byte[] {0x03, (byte) 0xCC}, innerIpv4Tcp()));
        assertInnerTcp(ip);
        assertThat(ip.frameRelayDlci()).isEqualTo(100);

        PacketLayers six = decode(LinkType.FRELAY, concat(address, new byte[] {0x03, (byte) 0x8E}, innerIpv6Udp()));
        assertThat(six.ipVersion()).isEqualTo(6);

        byte[] snap = {0x03, 0x00, (byte) 0x80, 0, 0, 0, 0x08, 0x00};
        assertInnerTcp(decode(LinkType.FRELAY, concat(address, snap, innerIpv4Tcp())));

        // a 4-byte address: 6 + 4 + 7 + 6 DLCI bits, the last byte with D/C clear and EA set
        byte[] longAddress = {(byte) (1 << 2), (byte) (2 << 4), (byte) (3 << 1), (byte) ((4 << 2) | 1)};
        PacketLayers four = decode(LinkType.FRELAY, concat(longAddress, new byte[] {0x03, (byte) 0xCC},
                innerIpv4Tcp()));
        assertInnerTcp(four);
        assertThat(four.frameRelayDlci()).isEqualTo((((1 << 4 | 2) << 7 | 3) << 6) | 4);
        byte[] fiveBytes = {0, 0, 0, 0, 1, 0x03, (byte) 0xCC};
        assertThat(decode(LinkType.FRELAY, concat(fiveBytes, innerIpv4Tcp())).status()).isEqualTo(Status.MALFORMED);
    }

    @Test
    void pktapWrapsAFrameOfTheLinkTypeItNames() {
        byte[] header = bytes().u32le(108).u32le(1).u32le(LinkType.ETHERNET).zeros(108 - 12).toArray();
        byte[] frame = concat(header, ethernet(ETHERTYPE_IPV4, innerIpv4Tcp()));
        for (int linkType : new int[] {LinkType.PKTAP, LinkType.PKTAP_APPLE}) {
            PacketLayers layers = decode(linkType, frame);
            assertInnerTcp(layers);
            assertThat(layers.pktapDlt()).isEqualTo(1);
            assertThat(layers.tunnels()).isZero(); // a link header, not a tunnel
        }
        byte[] shortHeader = bytes().u32le(20).u32le(1).u32le(1).zeros(8).toArray();
        assertThat(decode(LinkType.PKTAP, concat(shortHeader, ethernet(ETHERTYPE_IPV4, innerIpv4Tcp()))).status())
                .isEqualTo(Status.MALFORMED);
        byte[] pktapInPktap = bytes().u32le(108).u32le(1).u32le(LinkType.PKTAP).zeros(96).toArray();
        assertThat(decode(LinkType.PKTAP, concat(pktapInPktap, frame)).status()).isEqualTo(Status.UNSUPPORTED_LINK);
    }

    // ---- nesting ----

    @Test
    void nestingIsBoundedSoTunnelsInTunnelsCannotLoop() {
        byte[] packet = innerIpv4Tcp();
        for (int i = 0; i < 10; i++) {
            packet = ipv4().protocol(IPIP).source("10.9.9." + i).build(packet);
        }
        PacketLayers layers = decode(LinkType.RAW, packet);

        assertThat(layers.encapsulations()).isEqualTo(PacketDecoder.MAX_ENCAPSULATIONS);
        assertThat(layers.ipVersion()).isEqualTo(4);
        assertThat(layers.protocol()).isEqualTo(IPIP); // the fifth header still carries five more
        assertThat(layers.ipv4().source()).isEqualTo(0x0A090909 - PacketDecoder.MAX_ENCAPSULATIONS);
        assertThat(layers.hasTcp()).isFalse();
    }

    @Test
    void mixedNestingUpToTheBoundReachesTheInnerPacket() {
        // GRE -> MPLS -> IPv4 -> VXLAN -> Ethernet -> IPv4/TCP: four encapsulations
        byte[] vxlanPacket = ipv4().protocol(UDP).build(udp().ports(1, 4789).build(vxlan(3,
                ethernet(ETHERTYPE_IPV4, innerIpv4Tcp()))));
        byte[] frame = outerIpv4(GRE, gre(0x8847, null, null, null, concat(mplsEntry(5, 0, true, 2), vxlanPacket)));
        PacketLayers layers = decode(LinkType.ETHERNET, frame);

        assertInnerTcp(layers);
        assertThat(layers.encapsulations()).isEqualTo(3);
        assertThat(layers.tunnels()).isEqualTo(PacketLayers.TUNNEL_GRE | PacketLayers.TUNNEL_MPLS
                | PacketLayers.TUNNEL_VXLAN);
        assertThat(layers.vxlanVni()).isEqualTo(3);
        assertThat(layers.mplsLabel()).isEqualTo(5);
    }

    @Test
    void theOutermostHeaderOfEachKindNamesTheTunnel() {
        byte[] inner = ipv4().protocol(GRE).build(gre(ETHERTYPE_IPV4, null, 2L, null, innerIpv4Tcp()));
        PacketLayers layers = decode(LinkType.ETHERNET, outerIpv4(GRE, gre(ETHERTYPE_IPV4, null, 1L, null, inner)));

        assertInnerTcp(layers);
        assertThat(layers.greKey()).isEqualTo(1);
        assertThat(layers.encapsulations()).isEqualTo(2);
    }

    // ---- flows ----

    @Test
    void flowsAreKeyedByTheInnerPacket() {
        FlowTable flows = new FlowTable();
        PacketLayers tunneled = decode(LinkType.ETHERNET, outerUdp(4789, vxlan(1, ethernet(ETHERTYPE_IPV4,
                innerIpv4Tcp()))));
        int viaVxlan = flows.flowOf(tunneled);
        int viaGre = flows.flowOf(decode(LinkType.ETHERNET, outerIpv4(GRE, gre(ETHERTYPE_IPV4, null, null, null,
                innerIpv4Tcp()))));
        int direct = flows.flowOf(decode(LinkType.RAW, innerIpv4Tcp()));

        assertThat(viaVxlan).isNotNegative().isEqualTo(viaGre).isEqualTo(direct);
        assertThat(flows.size()).isEqualTo(1);
    }
}
