package org.unveil.capture.decode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.unveil.capture.TestPackets.ETHERTYPE_ARP;
import static org.unveil.capture.TestPackets.ETHERTYPE_IPV4;
import static org.unveil.capture.TestPackets.ETHERTYPE_IPV6;
import static org.unveil.capture.TestPackets.ETHERTYPE_QINQ;
import static org.unveil.capture.TestPackets.ETHERTYPE_QINQ_OLD;
import static org.unveil.capture.TestPackets.ETHERTYPE_VLAN;
import static org.unveil.capture.TestPackets.ICMP;
import static org.unveil.capture.TestPackets.ICMPV6;
import static org.unveil.capture.TestPackets.TCP;
import static org.unveil.capture.TestPackets.UDP;
import static org.unveil.capture.TestPackets.ascii;
import static org.unveil.capture.TestPackets.bytes;
import static org.unveil.capture.TestPackets.concat;
import static org.unveil.capture.TestPackets.cut;
import static org.unveil.capture.TestPackets.decode;
import static org.unveil.capture.TestPackets.ethernet;
import static org.unveil.capture.TestPackets.ethernet8023;
import static org.unveil.capture.TestPackets.ethernetPadded;
import static org.unveil.capture.TestPackets.ethernetTagged;
import static org.unveil.capture.TestPackets.icmp;
import static org.unveil.capture.TestPackets.ipv4;
import static org.unveil.capture.TestPackets.ipv6;
import static org.unveil.capture.TestPackets.llcSnap;
import static org.unveil.capture.TestPackets.loop;
import static org.unveil.capture.TestPackets.nullLink;
import static org.unveil.capture.TestPackets.packetAt;
import static org.unveil.capture.TestPackets.sll;
import static org.unveil.capture.TestPackets.sll2;
import static org.unveil.capture.TestPackets.tci;
import static org.unveil.capture.TestPackets.tcp;
import static org.unveil.capture.TestPackets.udp;
import static org.unveil.capture.TestPackets.v6;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.unveil.capture.LinkType;
import org.unveil.capture.Packet;
import org.unveil.capture.TestPackets;
import org.unveil.capture.decode.PacketLayers.Status;

class PacketDecoderTest {
    /** IPv4 (20 bytes) + TCP (20 bytes) carrying "hello", ports 40000 -> 80. */
    private static byte[] ipv4Tcp() {
        return ipv4().build(tcp().ports(40000, 80).payload("hello").build());
    }

    /** IPv6 (40 bytes) + UDP (8 bytes) carrying 4 bytes, ports 50000 -> 53. */
    private static byte[] ipv6Udp() {
        return ipv6().build(UDP, udp().ports(50000, 53).build(new byte[] {1, 2, 3, 4}));
    }

    // ---- Ethernet and what it carries ----

    @Test
    void ethernetIpv4TcpIsDecodedLayerByLayer() {
        byte[] frame = ethernet(ETHERTYPE_IPV4, ipv4Tcp());
        Packet packet = TestPackets.packet(LinkType.ETHERNET, frame);
        PacketLayers layers = PacketDecoder.decode(packet, new PacketLayers());

        assertThat(layers.status()).isEqualTo(Status.DECODED);
        assertThat(layers.undecodable()).isFalse();
        assertThat(layers.vlanCount()).isZero();
        assertThat(layers.outerVlanId()).isEqualTo(-1);
        assertThat(layers.etherType()).isEqualTo(ETHERTYPE_IPV4);
        assertThat(layers.ipVersion()).isEqualTo(4);
        assertThat(layers.protocol()).isEqualTo(TCP);
        assertThat(layers.laterFragment()).isFalse();
        assertThat(layers.hasTcp()).isTrue();
        assertThat(layers.hasUdp()).isFalse();
        assertThat(layers.hasIcmp()).isFalse();
        assertThat(layers.quotedIpVersion()).isZero();
        assertThat(layers.quotedSourcePort()).isEqualTo(-1);
        assertThat(layers.quotedDestinationPort()).isEqualTo(-1);
        assertThat(layers.payloadOffset()).isEqualTo(14 + 20 + 20);
        assertThat(layers.payloadLength()).isEqualTo(5);
        assertThat(layers.segment()).isSameAs(packet.buffer());
        assertThat(layers.ipv4().offset()).isEqualTo(14);
        assertThat(layers.tcp().sourcePort()).isEqualTo(40000);
        assertThat(layers.tcp().destinationPort()).isEqualTo(80);
    }

    @Test
    void decodeReturnsTheLayersItWasGiven() {
        PacketLayers layers = new PacketLayers();
        assertThat(PacketDecoder.decode(TestPackets.packet(LinkType.ETHERNET, ethernet(ETHERTYPE_IPV4, ipv4Tcp())),
                layers)).isSameAs(layers);
    }

    @Test
    void ethernetIpv6UdpIsDecoded() {
        PacketLayers layers = decode(LinkType.ETHERNET, ethernet(ETHERTYPE_IPV6, ipv6Udp()));

        assertThat(layers.status()).isEqualTo(Status.DECODED);
        assertThat(layers.etherType()).isEqualTo(ETHERTYPE_IPV6);
        assertThat(layers.ipVersion()).isEqualTo(6);
        assertThat(layers.protocol()).isEqualTo(UDP);
        assertThat(layers.hasUdp()).isTrue();
        assertThat(layers.hasTcp()).isFalse();
        assertThat(layers.udp().sourcePort()).isEqualTo(50000);
        assertThat(layers.payloadOffset()).isEqualTo(14 + 40 + 8);
        assertThat(layers.payloadLength()).isEqualTo(4);
    }

    @Test
    void vlanTagsAreSkippedToTheInnerEtherType() {
        byte[] frame = ethernetTagged(new int[][] {{ETHERTYPE_VLAN, tci(0, false, 100)}}, ETHERTYPE_IPV4, ipv4Tcp());
        PacketLayers layers = decode(LinkType.ETHERNET, frame);

        assertThat(layers.status()).isEqualTo(Status.DECODED);
        assertThat(layers.vlanCount()).isEqualTo(1);
        assertThat(layers.outerVlanId()).isEqualTo(100);
        assertThat(layers.etherType()).isEqualTo(ETHERTYPE_IPV4);
        assertThat(layers.hasTcp()).isTrue();
        assertThat(layers.payloadOffset()).isEqualTo(14 + 4 + 20 + 20);
        assertThat(layers.payloadLength()).isEqualTo(5);
    }

    @Test
    void stackedTagsAreAllCountedAndTheOuterVlanIdIsReported() {
        byte[] frame = ethernetTagged(new int[][] {
            {ETHERTYPE_QINQ, tci(0, false, 200)},
            {ETHERTYPE_VLAN, tci(0, false, 300)},
            {ETHERTYPE_QINQ_OLD, tci(0, false, 400)},
        }, ETHERTYPE_IPV6, ipv6Udp());
        PacketLayers layers = decode(LinkType.ETHERNET, frame);

        assertThat(layers.vlanCount()).isEqualTo(3);
        assertThat(layers.outerVlanId()).isEqualTo(200);
        assertThat(layers.etherType()).isEqualTo(ETHERTYPE_IPV6);
        assertThat(layers.hasUdp()).isTrue();
        assertThat(layers.payloadOffset()).isEqualTo(14 + 12 + 40 + 8);
    }

    @Test
    void vlanIdLeavesOutPriorityAndDropEligibleBits() {
        byte[] frame = ethernetTagged(new int[][] {{ETHERTYPE_VLAN, tci(7, true, 0xABC)}}, ETHERTYPE_IPV4, ipv4Tcp());
        assertThat(decode(LinkType.ETHERNET, frame).outerVlanId()).isEqualTo(0xABC);
    }

    @Test
    void vlanTagCutShortIsTruncated() {
        // destination, source, TPID 0x8100 and only the TCI: the inner EtherType was not captured
        byte[] frame = bytes().bytes(TestPackets.MAC_DST).bytes(TestPackets.MAC_SRC).u16(ETHERTYPE_VLAN)
                .u16(tci(0, false, 5)).toArray();
        PacketLayers layers = decode(LinkType.ETHERNET, frame);

        assertThat(layers.status()).isEqualTo(Status.TRUNCATED);
        assertThat(layers.ipVersion()).isZero();
    }

    @Test
    void nonIpEtherTypeIsReportedWithoutANetworkLayer() {
        PacketLayers layers = decode(LinkType.ETHERNET, ethernetPadded(ETHERTYPE_ARP, new byte[28], 60));

        assertThat(layers.status()).isEqualTo(Status.DECODED);
        assertThat(layers.etherType()).isEqualTo(ETHERTYPE_ARP);
        assertThat(layers.ipVersion()).isZero();
        assertThat(layers.protocol()).isEqualTo(-1);
        assertThat(layers.payloadLength()).isZero();
    }

    @Test
    void ethernetPaddingIsNotCountedAsPayload() {
        // 14 + 20 + 20 = 54 bytes, padded to the 60-byte minimum frame
        byte[] bareAck = ethernetPadded(ETHERTYPE_IPV4, ipv4().build(tcp().flags(TcpHeader.ACK).build()), 60);
        assertThat(bareAck).hasSize(60);
        PacketLayers layers = decode(LinkType.ETHERNET, bareAck);
        assertThat(layers.hasTcp()).isTrue();
        assertThat(layers.payloadLength()).isZero();

        // 14 + 20 + 8 + 2 = 44 bytes of which 2 are UDP payload
        byte[] smallUdp = ethernetPadded(ETHERTYPE_IPV4, ipv4().protocol(UDP).build(udp().build(new byte[] {7, 8})),
                60);
        layers = decode(LinkType.ETHERNET, smallUdp);
        assertThat(layers.hasUdp()).isTrue();
        assertThat(layers.payloadOffset()).isEqualTo(42);
        assertThat(layers.payloadLength()).isEqualTo(2);
    }

    @Test
    void bytesAfterAnIpv6PacketAreNotCountedAsPayload() {
        byte[] frame = concat(ethernet(ETHERTYPE_IPV6, ipv6Udp()), new byte[] {(byte) 0xDE, (byte) 0xAD, 0, 0});
        PacketLayers layers = decode(LinkType.ETHERNET, frame);

        assertThat(layers.hasUdp()).isTrue();
        assertThat(layers.payloadLength()).isEqualTo(4);
    }

    @Test
    void llcSnapFramesCarryTheirEtherType() {
        byte[] ip = ipv4().protocol(UDP).build(udp().build(ascii("abc")));
        PacketLayers layers = decode(LinkType.ETHERNET, ethernet8023(llcSnap(ETHERTYPE_IPV4, ip)));

        assertThat(layers.status()).isEqualTo(Status.DECODED);
        assertThat(layers.etherType()).isEqualTo(ETHERTYPE_IPV4);
        assertThat(layers.ipVersion()).isEqualTo(4);
        assertThat(layers.hasUdp()).isTrue();
        assertThat(layers.payloadOffset()).isEqualTo(14 + 8 + 20 + 8);
        assertThat(layers.payloadLength()).isEqualTo(3);
    }

    @Test
    void llcSnapInsideAVlanTagIsFollowed() {
        byte[] snap = llcSnap(ETHERTYPE_IPV4, ipv4Tcp());
        byte[] frame = ethernetTagged(new int[][] {{ETHERTYPE_VLAN, tci(0, false, 9)}}, snap.length, snap);
        PacketLayers layers = decode(LinkType.ETHERNET, frame);

        assertThat(layers.vlanCount()).isEqualTo(1);
        assertThat(layers.hasTcp()).isTrue();
        assertThat(layers.payloadOffset()).isEqualTo(14 + 4 + 8 + 20 + 20);
    }

    @Test
    void llcWithoutSnapHasNoNetworkLayer() {
        // spanning tree: DSAP 0x42, SSAP 0x42, UI, then a BPDU
        byte[] stp = bytes().bytes(0x42, 0x42, 0x03).zeros(35).toArray();
        PacketLayers layers = decode(LinkType.ETHERNET, ethernet8023(stp));

        assertThat(layers.status()).isEqualTo(Status.DECODED);
        assertThat(layers.etherType()).isEqualTo(-1);
        assertThat(layers.ipVersion()).isZero();
    }

    @Test
    void snapWithANonZeroOrganisationCodeIsNotFollowed() {
        // Cisco's OUI 00-00-0C: the protocol id is Cisco's, not an EtherType
        byte[] snap = bytes().bytes(0xAA, 0xAA, 0x03, 0x00, 0x00, 0x0C).u16(ETHERTYPE_IPV4).bytes(ipv4Tcp()).toArray();
        PacketLayers layers = decode(LinkType.ETHERNET, ethernet8023(snap));

        assertThat(layers.etherType()).isEqualTo(-1);
        assertThat(layers.ipVersion()).isZero();
    }

    @Test
    void ethernetShorterThanItsHeaderIsTruncated() {
        PacketLayers layers = decode(LinkType.ETHERNET, new byte[13]);
        assertThat(layers.status()).isEqualTo(Status.TRUNCATED);
        assertThat(layers.etherType()).isEqualTo(-1);
        assertThat(layers.undecodable()).isFalse();
    }

    // ---- other link types ----

    @Test
    void linuxCookedCaptureCarriesTheProtocolAtOffsetFourteen() {
        PacketLayers layers = decode(LinkType.LINUX_SLL, sll(ETHERTYPE_IPV4, ipv4Tcp()));

        assertThat(layers.status()).isEqualTo(Status.DECODED);
        assertThat(layers.etherType()).isEqualTo(ETHERTYPE_IPV4);
        assertThat(layers.hasTcp()).isTrue();
        assertThat(layers.payloadOffset()).isEqualTo(16 + 20 + 20);
        assertThat(layers.payloadLength()).isEqualTo(5);
    }

    @Test
    void linuxCookedCaptureV2CarriesTheProtocolFirst() {
        PacketLayers layers = decode(LinkType.LINUX_SLL2, sll2(ETHERTYPE_IPV6, ipv6Udp()));

        assertThat(layers.status()).isEqualTo(Status.DECODED);
        assertThat(layers.etherType()).isEqualTo(ETHERTYPE_IPV6);
        assertThat(layers.hasUdp()).isTrue();
        assertThat(layers.payloadOffset()).isEqualTo(20 + 40 + 8);
    }

    @Test
    void cookedHeadersCutShortAreTruncated() {
        assertThat(decode(LinkType.LINUX_SLL, new byte[15]).status()).isEqualTo(Status.TRUNCATED);
        assertThat(decode(LinkType.LINUX_SLL2, new byte[19]).status()).isEqualTo(Status.TRUNCATED);
    }

    @ParameterizedTest(name = "family {0}, little-endian host {1}")
    @CsvSource({"2, true", "2, false", "10, true", "10, false", "24, true", "24, false", "28, true", "28, false",
        "30, true", "30, false"})
    void nullLinkReadsTheFamilyInEitherByteOrder(int family, boolean littleEndian) {
        boolean v6 = family != 2;
        byte[] ip = v6 ? ipv6Udp() : ipv4Tcp();
        PacketLayers layers = decode(LinkType.NULL, nullLink(family, littleEndian, ip));

        assertThat(layers.status()).isEqualTo(Status.DECODED);
        assertThat(layers.etherType()).isEqualTo(v6 ? ETHERTYPE_IPV6 : ETHERTYPE_IPV4);
        assertThat(layers.ipVersion()).isEqualTo(v6 ? 6 : 4);
        assertThat(layers.payloadOffset()).isEqualTo(v6 ? 4 + 40 + 8 : 4 + 20 + 20);
    }

    @Test
    void nullLinkWithAnUnknownFamilyHasNoNetworkLayer() {
        PacketLayers layers = decode(LinkType.NULL, nullLink(7, true, ipv4Tcp()));
        assertThat(layers.status()).isEqualTo(Status.DECODED);
        assertThat(layers.etherType()).isEqualTo(-1);
        assertThat(layers.ipVersion()).isZero();
    }

    @ParameterizedTest
    @ValueSource(ints = {24, 28, 30, 10})
    void loopLinkReadsAnIpv6FamilyInNetworkOrder(int family) {
        PacketLayers layers = decode(LinkType.LOOP, loop(family, ipv6Udp()));
        assertThat(layers.etherType()).isEqualTo(ETHERTYPE_IPV6);
        assertThat(layers.hasUdp()).isTrue();
    }

    @Test
    void loopLinkReadsIpv4InNetworkOrderOnly() {
        assertThat(decode(LinkType.LOOP, loop(2, ipv4Tcp())).hasTcp()).isTrue();
        // the same family written little-endian is 0x02000000 in network order: not a family
        PacketLayers swapped = decode(LinkType.LOOP, nullLink(2, true, ipv4Tcp()));
        assertThat(swapped.etherType()).isEqualTo(-1);
        assertThat(swapped.ipVersion()).isZero();
    }

    @Test
    void loopbackHeadersCutShortAreTruncated() {
        assertThat(decode(LinkType.NULL, new byte[] {2, 0, 0}).status()).isEqualTo(Status.TRUNCATED);
        assertThat(decode(LinkType.LOOP, new byte[] {0, 0, 0}).status()).isEqualTo(Status.TRUNCATED);
    }

    @ParameterizedTest
    @ValueSource(ints = {LinkType.RAW, LinkType.RAW_BSD, LinkType.RAW_OPENBSD})
    void rawLinkTypesPickTheIpVersionFromTheFirstNibble(int linkType) {
        PacketLayers v4 = decode(linkType, ipv4Tcp());
        assertThat(v4.etherType()).isEqualTo(ETHERTYPE_IPV4);
        assertThat(v4.ipVersion()).isEqualTo(4);
        assertThat(v4.payloadOffset()).isEqualTo(40);

        PacketLayers v6 = decode(linkType, ipv6Udp());
        assertThat(v6.etherType()).isEqualTo(ETHERTYPE_IPV6);
        assertThat(v6.ipVersion()).isEqualTo(6);
        assertThat(v6.payloadOffset()).isEqualTo(48);
    }

    @Test
    void rawLinkWithAnotherVersionIsMalformed() {
        byte[] bad = ipv4Tcp();
        bad[0] = 0x55;
        PacketLayers layers = decode(LinkType.RAW, bad);
        assertThat(layers.status()).isEqualTo(Status.MALFORMED);
        assertThat(layers.undecodable()).isTrue();
        assertThat(layers.ipVersion()).isZero();
    }

    @Test
    void emptyRawPacketIsTruncated() {
        assertThat(decode(LinkType.RAW, new byte[0]).status()).isEqualTo(Status.TRUNCATED);
    }

    @Test
    void ipv4AndIpv6LinkTypesNeedNoVersionSniffing() {
        assertThat(decode(LinkType.IPV4, ipv4Tcp()).hasTcp()).isTrue();
        assertThat(decode(LinkType.IPV6, ipv6Udp()).hasUdp()).isTrue();
    }

    @Test
    void ipv6PacketOnTheIpv4LinkTypeIsMalformed() {
        byte[] v6 = ipv6Udp();
        assertThat(decode(LinkType.IPV4, v6).status()).isEqualTo(Status.MALFORMED);
        assertThat(decode(LinkType.IPV6, ipv4Tcp()).status()).isEqualTo(Status.MALFORMED);
    }

    @ParameterizedTest
    @ValueSource(ints = {105, 127, 10, 6, 195, 147, 220, -1, 0x7FFFFFFF})
    void unsupportedLinkTypesAreReportedAsSuch(int linkType) {
        PacketLayers layers = decode(linkType, ethernet(ETHERTYPE_IPV4, ipv4Tcp()));

        assertThat(layers.status()).isEqualTo(Status.UNSUPPORTED_LINK);
        assertThat(layers.undecodable()).isTrue();
        assertThat(layers.etherType()).isEqualTo(-1);
        assertThat(layers.ipVersion()).isZero();
        assertThat(layers.hasTcp()).isFalse();
    }

    // ---- IPv4 problems ----

    @Test
    void ipv4HeaderCutShortIsTruncated() {
        PacketLayers layers = decode(LinkType.ETHERNET, cut(ethernet(ETHERTYPE_IPV4, ipv4Tcp()), 14 + 19));
        assertThat(layers.status()).isEqualTo(Status.TRUNCATED);
        assertThat(layers.etherType()).isEqualTo(ETHERTYPE_IPV4);
        assertThat(layers.ipVersion()).isZero();
        assertThat(layers.undecodable()).isFalse();
    }

    @Test
    void ipv4OptionsCutShortByTheCaptureAreTruncated() {
        // IHL 15: 40 bytes of options (NOPs), but the capture ends 30 bytes into the header
        byte[] ip = ipv4().options(filled(40, 1)).build(tcp().build());
        PacketLayers layers = decode(LinkType.IPV4, cut(ip, 30));

        assertThat(layers.status()).isEqualTo(Status.TRUNCATED);
        assertThat(layers.undecodable()).isFalse();
        assertThat(layers.ipVersion()).isZero();
    }

    @Test
    void ipv4WithABadVersionNibbleIsMalformed() {
        byte[] ip = ipv4().version(5).build(tcp().build());
        PacketLayers layers = decode(LinkType.ETHERNET, ethernet(ETHERTYPE_IPV4, ip));
        assertThat(layers.status()).isEqualTo(Status.MALFORMED);
        assertThat(layers.undecodable()).isTrue();
        assertThat(layers.ipVersion()).isZero();
        assertThat(layers.hasTcp()).isFalse();
    }

    @Test
    void ipv4WithABadVersionNibbleIsMalformedEvenWhenCutShort() {
        byte[] ip = ipv4().version(6).build(tcp().build());
        PacketLayers layers = decode(LinkType.ETHERNET, cut(ethernet(ETHERTYPE_IPV4, ip), 14 + 10));
        assertThat(layers.status()).isEqualTo(Status.MALFORMED);
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 4})
    void ipv4WithAnIhlBelowFiveIsMalformed(int ihl) {
        byte[] ip = ipv4().ihl(ihl).build(tcp().build());
        PacketLayers layers = decode(LinkType.ETHERNET, ethernet(ETHERTYPE_IPV4, ip));
        assertThat(layers.status()).isEqualTo(Status.MALFORMED);
        assertThat(layers.ipVersion()).isZero();
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 19, 23})
    void ipv4TotalLengthShorterThanItsHeaderIsMalformed(int totalLength) {
        // a 24-byte header (one option word) claiming a total length that cannot hold it
        byte[] ip = ipv4().options(new byte[] {1, 1, 1, 0}).totalLength(totalLength).build(tcp().build());
        PacketLayers layers = decode(LinkType.ETHERNET, ethernet(ETHERTYPE_IPV4, ip));
        assertThat(layers.status()).isEqualTo(Status.MALFORMED);
        assertThat(layers.hasTcp()).isFalse();
    }

    @Test
    void ipv4TotalLengthZeroTrustsTheCaptureAsSegmentationOffloadLeavesIt() {
        byte[] payload = filled(3000, 'x');
        byte[] ip = ipv4().totalLength(0).build(tcp().payload(payload).build());
        PacketLayers layers = decode(LinkType.ETHERNET, ethernet(ETHERTYPE_IPV4, ip));

        assertThat(layers.status()).isEqualTo(Status.DECODED);
        assertThat(layers.hasTcp()).isTrue();
        assertThat(layers.payloadOffset()).isEqualTo(54);
        assertThat(layers.payloadLength()).isEqualTo(3000);
    }

    @Test
    void ipv6PayloadLengthZeroTrustsTheCapture() {
        byte[] ip = ipv6().payloadLength(0).build(TCP, tcp().payload(filled(100, 'y')).build());
        PacketLayers layers = decode(LinkType.RAW, ip);
        assertThat(layers.hasTcp()).isTrue();
        assertThat(layers.payloadLength()).isEqualTo(100);
    }

    @Test
    void payloadCutByTheSnaplenCountsOnlyCapturedBytes() {
        byte[] frame = ethernet(ETHERTYPE_IPV4, ipv4().build(tcp().payload(filled(1000, 'z')).build()));
        PacketLayers layers = decode(LinkType.ETHERNET, cut(frame, 54 + 42));

        assertThat(layers.status()).isEqualTo(Status.DECODED);
        assertThat(layers.payloadOffset()).isEqualTo(54);
        assertThat(layers.payloadLength()).isEqualTo(42);
    }

    @Test
    void laterIpv4FragmentHasNoTransportHeader() {
        // bytes that would parse as TCP, but they are the middle of the datagram
        byte[] ip = ipv4().id(0x4242).mf().fragmentOffset(1480).build(tcp().payload("data").build());
        PacketLayers layers = decode(LinkType.ETHERNET, ethernet(ETHERTYPE_IPV4, ip));

        assertThat(layers.status()).isEqualTo(Status.DECODED);
        assertThat(layers.ipVersion()).isEqualTo(4);
        assertThat(layers.protocol()).isEqualTo(TCP);
        assertThat(layers.laterFragment()).isTrue();
        assertThat(layers.hasTcp()).isFalse();
        assertThat(layers.payloadLength()).isZero();
        assertThat(layers.http()).isNull();
    }

    @Test
    void lastIpv4FragmentWithoutMoreFragmentsIsStillALaterFragment() {
        byte[] ip = ipv4().fragmentOffset(8).protocol(UDP).build(udp().build(new byte[4]));
        PacketLayers layers = decode(LinkType.RAW, ip);
        assertThat(layers.laterFragment()).isTrue();
        assertThat(layers.hasUdp()).isFalse();
    }

    @Test
    void firstIpv4FragmentCarriesTheTransportHeader() {
        byte[] ip = ipv4().mf().build(tcp().payload("first").build());
        PacketLayers layers = decode(LinkType.RAW, ip);

        assertThat(layers.laterFragment()).isFalse();
        assertThat(layers.hasTcp()).isTrue();
        assertThat(layers.payloadLength()).isEqualTo(5);
        assertThat(layers.ipv4().isFragment()).isTrue();
    }

    @Test
    void otherTransportProtocolsAreCountedByNumberOnly() {
        byte[] sctp = ipv4().protocol(132).build(new byte[] {0, 0, 0x08, 0x00, 1, 2, 3, 4});
        PacketLayers layers = decode(LinkType.RAW, sctp);

        assertThat(layers.status()).isEqualTo(Status.DECODED);
        assertThat(layers.protocol()).isEqualTo(132);
        assertThat(layers.hasTcp() || layers.hasUdp() || layers.hasIcmp()).isFalse();
        assertThat(layers.payloadLength()).isZero();
    }

    // ---- IPv6 problems and extension headers ----

    @Test
    void ipv6HeaderCutShortIsTruncated() {
        PacketLayers layers = decode(LinkType.ETHERNET, cut(ethernet(ETHERTYPE_IPV6, ipv6Udp()), 14 + 39));
        assertThat(layers.status()).isEqualTo(Status.TRUNCATED);
        assertThat(layers.ipVersion()).isZero();
    }

    @Test
    void ipv6WithABadVersionNibbleIsMalformed() {
        byte[] ip = ipv6().version(4).build(UDP, udp().build(new byte[0]));
        PacketLayers layers = decode(LinkType.ETHERNET, ethernet(ETHERTYPE_IPV6, ip));
        assertThat(layers.status()).isEqualTo(Status.MALFORMED);
        assertThat(layers.ipVersion()).isZero();
    }

    @Test
    void ipv6WithABadVersionNibbleIsMalformedEvenWhenCutShort() {
        byte[] ip = ipv6().version(5).build(UDP, udp().build(new byte[0]));
        PacketLayers layers = decode(LinkType.ETHERNET, cut(ethernet(ETHERTYPE_IPV6, ip), 14 + 20));
        assertThat(layers.status()).isEqualTo(Status.MALFORMED);
    }

    @Test
    void ipv6ExtensionHeadersAreWalkedToTheTransport() {
        byte[] ip = ipv6().hopByHop(8).routing(1).destinationOptions(16)
                .build(TCP, tcp().ports(1234, 443).payload("tls?").build());
        PacketLayers layers = decode(LinkType.ETHERNET, ethernet(ETHERTYPE_IPV6, ip));

        assertThat(layers.status()).isEqualTo(Status.DECODED);
        assertThat(layers.protocol()).isEqualTo(TCP);
        assertThat(layers.hasTcp()).isTrue();
        assertThat(layers.tcp().destinationPort()).isEqualTo(443);
        assertThat(layers.payloadOffset()).isEqualTo(14 + 40 + 8 + 24 + 16 + 20);
        assertThat(layers.payloadLength()).isEqualTo(4);
    }

    @Test
    void ipv6ExtensionHeaderCutShortIsTruncated() {
        // the hop-by-hop header is 8 bytes; the capture keeps 4 of them
        byte[] ip = ipv6().hopByHop(8).build(TCP, tcp().build());
        PacketLayers layers = decode(LinkType.RAW, cut(ip, 40 + 4));

        assertThat(layers.status()).isEqualTo(Status.TRUNCATED);
        assertThat(layers.ipVersion()).isEqualTo(6);
        assertThat(layers.hasTcp()).isFalse();
    }

    @Test
    void ipv6ExtensionHeaderLongerThanTheCaptureIsTruncated() {
        // a 24-byte destination options header of which 12 bytes were captured
        byte[] ip = ipv6().destinationOptions(24).build(UDP, udp().build(new byte[0]));
        PacketLayers layers = decode(LinkType.RAW, cut(ip, 40 + 12));

        assertThat(layers.status()).isEqualTo(Status.TRUNCATED);
        assertThat(layers.hasUdp()).isFalse();
    }

    @Test
    void laterIpv6FragmentHasNoTransportHeader() {
        byte[] ip = ipv6().fragment(1448, true, 0xCAFEBABEL).build(UDP, udp().build(new byte[16]));
        PacketLayers layers = decode(LinkType.RAW, ip);

        assertThat(layers.status()).isEqualTo(Status.DECODED);
        assertThat(layers.laterFragment()).isTrue();
        assertThat(layers.protocol()).isEqualTo(UDP);
        assertThat(layers.hasUdp()).isFalse();
        assertThat(layers.payloadLength()).isZero();
    }

    @Test
    void firstIpv6FragmentCarriesTheTransportHeader() {
        byte[] ip = ipv6().fragment(0, true, 7).build(UDP, udp().build(new byte[16]));
        PacketLayers layers = decode(LinkType.RAW, ip);

        assertThat(layers.laterFragment()).isFalse();
        assertThat(layers.hasUdp()).isTrue();
        assertThat(layers.payloadOffset()).isEqualTo(40 + 8 + 8);
        assertThat(layers.payloadLength()).isEqualTo(16);
    }

    // ---- transport problems ----

    @Test
    void tcpHeaderCutShortIsTruncatedButKeepsTheIpLayer() {
        byte[] frame = ethernet(ETHERTYPE_IPV4, ipv4Tcp());
        PacketLayers layers = decode(LinkType.ETHERNET, cut(frame, 14 + 20 + 19));

        assertThat(layers.status()).isEqualTo(Status.TRUNCATED);
        assertThat(layers.undecodable()).isFalse();
        assertThat(layers.ipVersion()).isEqualTo(4);
        assertThat(layers.protocol()).isEqualTo(TCP);
        assertThat(layers.hasTcp()).isFalse();
        assertThat(layers.payloadLength()).isZero();
    }

    @Test
    void tcpHeaderCutInsideItsOptionsIsTruncatedButStillDecoded() {
        byte[] segment = tcp().flags(TcpHeader.SYN).mss(1460).sackPermitted().timestamps(1, 0).nop().windowScale(7)
                .build();
        assertThat(segment).hasSize(40);
        PacketLayers layers = decode(LinkType.RAW, cut(ipv4().build(segment), 20 + 30));

        assertThat(layers.status()).isEqualTo(Status.TRUNCATED);
        assertThat(layers.hasTcp()).isTrue();
        assertThat(layers.tcp().mss()).isEqualTo(1460);
        assertThat(layers.payloadLength()).isZero();
    }

    @Test
    void udpHeaderCutShortIsTruncated() {
        byte[] ip = ipv4().protocol(UDP).build(udp().build(new byte[10]));
        PacketLayers layers = decode(LinkType.RAW, cut(ip, 20 + 7));
        assertThat(layers.status()).isEqualTo(Status.TRUNCATED);
        assertThat(layers.hasUdp()).isFalse();
    }

    @Test
    void icmpHeaderCutShortIsTruncated() {
        byte[] ip = ipv4().protocol(ICMP).build(icmp(8, 0, 0, 1, 1, new byte[8]));
        PacketLayers layers = decode(LinkType.RAW, cut(ip, 20 + 7));
        assertThat(layers.status()).isEqualTo(Status.TRUNCATED);
        assertThat(layers.hasIcmp()).isFalse();
    }

    // ---- ICMP ----

    @Test
    void icmpEchoIsDecodedWithoutAQuotedPacket() {
        byte[] ip = ipv4().protocol(ICMP).build(icmp(8, 0, 0x1234, 77, 3, ascii("ping-data")));
        PacketLayers layers = decode(LinkType.RAW, ip);

        assertThat(layers.hasIcmp()).isTrue();
        assertThat(layers.protocol()).isEqualTo(ICMP);
        assertThat(layers.icmp().type()).isEqualTo(8);
        assertThat(layers.icmp().isVersion6()).isFalse();
        assertThat(layers.quotedIpVersion()).isZero();
        assertThat(layers.quotedSourcePort()).isEqualTo(-1);
        assertThat(layers.payloadOffset()).isEqualTo(28);
        assertThat(layers.payloadLength()).isEqualTo(9);
    }

    @Test
    void icmpErrorQuotesTheOffendingIpv4AndTcpHeaders() {
        // the quoted packet went 192.168.1.10:51000 -> 203.0.113.5:443; RFC 792 quotes IP + 8 bytes
        byte[] offending = ipv4().source("192.168.1.10").destination("203.0.113.5").id(0x0BAD).ttl(1)
                .build(tcp().ports(51000, 443).sequence(99).build());
        byte[] quote = cut(offending, 28);
        byte[] ip = ipv4().source("10.9.8.7").destination("192.168.1.10").protocol(ICMP)
                .build(icmp(11, 0, 0, 0, 0, quote));
        PacketLayers layers = decode(LinkType.RAW, ip);

        assertThat(layers.status()).isEqualTo(Status.DECODED);
        assertThat(layers.hasIcmp()).isTrue();
        assertThat(layers.icmp().isError()).isTrue();
        assertThat(layers.quotedIpVersion()).isEqualTo(4);
        assertThat(layers.quotedIpv4().source()).isEqualTo(0xC0A8010A);
        assertThat(layers.quotedIpv4().destination()).isEqualTo(0xCB007105);
        assertThat(layers.quotedIpv4().identification()).isEqualTo(0x0BAD);
        assertThat(layers.quotedIpv4().ttl()).isEqualTo(1);
        assertThat(layers.quotedSourcePort()).isEqualTo(51000);
        assertThat(layers.quotedDestinationPort()).isEqualTo(443);
        // the outer header is unchanged
        assertThat(layers.ipv4().source()).isEqualTo(0x0A090807);
    }

    @Test
    void icmpErrorQuotingAHeaderWithOptionsFindsThePortsAfterThem() {
        byte[] offending = ipv4().options(new byte[] {1, 1, 1, 0}).protocol(UDP)
                .build(udp().ports(5353, 5353).build(new byte[20]));
        byte[] ip = ipv4().protocol(ICMP).build(icmp(3, 3, 0, 0, 0, cut(offending, 24 + 8)));
        PacketLayers layers = decode(LinkType.RAW, ip);

        assertThat(layers.quotedIpVersion()).isEqualTo(4);
        assertThat(layers.quotedIpv4().headerLength()).isEqualTo(24);
        assertThat(layers.quotedSourcePort()).isEqualTo(5353);
        assertThat(layers.quotedDestinationPort()).isEqualTo(5353);
    }

    @Test
    void icmpErrorQuotingARewrittenTotalLengthStillGivesThePorts() {
        // some stacks quote ip_len less the header length: 28 - 20 = 8 for a bare UDP probe
        byte[] offending = ipv4().protocol(UDP).totalLength(8).build(udp().ports(40001, 33434).build(new byte[0]));
        byte[] ip = ipv4().protocol(ICMP).build(icmp(11, 0, 0, 0, 0, offending));
        PacketLayers layers = decode(LinkType.RAW, ip);

        assertThat(layers.status()).isEqualTo(Status.DECODED);
        assertThat(layers.quotedIpVersion()).isEqualTo(4);
        assertThat(layers.quotedSourcePort()).isEqualTo(40001);
        assertThat(layers.quotedDestinationPort()).isEqualTo(33434);
    }

    @Test
    void icmpErrorQuotingOnlyTheIpHeaderHasNoPorts() {
        byte[] offending = ipv4().build(tcp().build());
        byte[] ip = ipv4().protocol(ICMP).build(icmp(3, 1, 0, 0, 0, cut(offending, 22)));
        PacketLayers layers = decode(LinkType.RAW, ip);

        assertThat(layers.quotedIpVersion()).isEqualTo(4);
        assertThat(layers.quotedSourcePort()).isEqualTo(-1);
        assertThat(layers.quotedDestinationPort()).isEqualTo(-1);
    }

    @Test
    void icmpErrorQuotingSomethingElseHasNoQuotedPacket() {
        byte[] ip = ipv4().protocol(ICMP).build(icmp(3, 1, 0, 0, 0, filled(28, 0x11)));
        PacketLayers layers = decode(LinkType.RAW, ip);
        assertThat(layers.hasIcmp()).isTrue();
        assertThat(layers.quotedIpVersion()).isZero();
        assertThat(layers.quotedSourcePort()).isEqualTo(-1);
    }

    @Test
    void icmpv6ErrorQuotesTheOffendingIpv6AndUdpHeaders() {
        byte[] offending = ipv6().source(v6(0x2001, 0xdb8, 0, 0, 0, 0, 0, 0x99))
                .build(UDP, udp().ports(33434, 33435).build(new byte[32]));
        byte[] ip = ipv6().build(ICMPV6, icmp(3, 0, 0, 0, 0, cut(offending, 48)));
        PacketLayers layers = decode(LinkType.ETHERNET, ethernet(ETHERTYPE_IPV6, ip));

        assertThat(layers.hasIcmp()).isTrue();
        assertThat(layers.protocol()).isEqualTo(ICMPV6);
        assertThat(layers.icmp().isVersion6()).isTrue();
        assertThat(layers.quotedIpVersion()).isEqualTo(6);
        assertThat(layers.quotedIpv6().sourceLow()).isEqualTo(0x99);
        assertThat(layers.quotedSourcePort()).isEqualTo(33434);
        assertThat(layers.quotedDestinationPort()).isEqualTo(33435);
    }

    @Test
    void icmpv6EchoIsNotAnError() {
        byte[] ip = ipv6().build(ICMPV6, icmp(128, 0, 0, 5, 6, ipv4Tcp()));
        PacketLayers layers = decode(LinkType.RAW, ip);
        assertThat(layers.hasIcmp()).isTrue();
        assertThat(layers.quotedIpVersion()).isZero();
    }

    // ---- reuse and placement ----

    @Test
    void layersAreResetBetweenPackets() {
        PacketLayers layers = new PacketLayers();
        byte[] offending = ipv4().build(tcp().ports(1, 2).build());
        byte[] icmpError = ethernetTagged(new int[][] {{ETHERTYPE_VLAN, 10}}, ETHERTYPE_IPV4,
                ipv4().protocol(ICMP).build(icmp(3, 3, 0, 0, 0, offending)));
        PacketDecoder.decode(TestPackets.packet(LinkType.ETHERNET, icmpError), layers);
        assertThat(layers.quotedIpVersion()).isEqualTo(4);
        assertThat(layers.vlanCount()).isEqualTo(1);

        PacketDecoder.decode(TestPackets.packet(LinkType.ETHERNET, ethernetPadded(ETHERTYPE_ARP, new byte[28], 60)),
                layers);
        assertThat(layers.status()).isEqualTo(Status.DECODED);
        assertThat(layers.vlanCount()).isZero();
        assertThat(layers.outerVlanId()).isEqualTo(-1);
        assertThat(layers.etherType()).isEqualTo(ETHERTYPE_ARP);
        assertThat(layers.ipVersion()).isZero();
        assertThat(layers.protocol()).isEqualTo(-1);
        assertThat(layers.hasIcmp()).isFalse();
        assertThat(layers.quotedIpVersion()).isZero();
        assertThat(layers.quotedSourcePort()).isEqualTo(-1);
        assertThat(layers.quotedDestinationPort()).isEqualTo(-1);
        assertThat(layers.payloadOffset()).isZero();
        assertThat(layers.payloadLength()).isZero();

        PacketDecoder.decode(TestPackets.packet(LinkType.RAW, new byte[] {0x45}), layers);
        assertThat(layers.status()).isEqualTo(Status.TRUNCATED);
        PacketDecoder.decode(TestPackets.packet(LinkType.RAW, ipv4Tcp()), layers);
        assertThat(layers.status()).isEqualTo(Status.DECODED);
        assertThat(layers.hasTcp()).isTrue();

        PacketDecoder.decode(TestPackets.packet(LinkType.RAW,
                ipv4().mf().fragmentOffset(16).build(new byte[30])), layers);
        assertThat(layers.laterFragment()).isTrue();
        assertThat(layers.hasTcp()).isFalse();
        PacketDecoder.decode(TestPackets.packet(LinkType.RAW, ipv6Udp()), layers);
        assertThat(layers.laterFragment()).isFalse();
        assertThat(layers.hasUdp()).isTrue();
    }

    @Test
    void packetsInsideALargerBufferDecodeAtTheirOffset() {
        byte[] frame = ethernet(ETHERTYPE_IPV4, ipv4Tcp());
        Packet packet = packetAt(LinkType.ETHERNET, frame, 1000, frame.length);
        PacketLayers layers = PacketDecoder.decode(packet, new PacketLayers());

        assertThat(layers.status()).isEqualTo(Status.DECODED);
        assertThat(layers.ipv4().offset()).isEqualTo(1014);
        assertThat(layers.payloadOffset()).isEqualTo(1000 + 54);
        assertThat(layers.payloadLength()).isEqualTo(5);
        assertThat(layers.tcp().sourcePort()).isEqualTo(40000);
    }

    static byte[] filled(int length, int value) {
        byte[] b = new byte[length];
        java.util.Arrays.fill(b, (byte) value);
        return b;
    }
}
