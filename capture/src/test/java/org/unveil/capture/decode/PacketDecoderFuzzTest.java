package org.unveil.capture.decode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.unveil.capture.TestPackets.ETHERTYPE_IPV4;
import static org.unveil.capture.TestPackets.ETHERTYPE_IPV6;
import static org.unveil.capture.TestPackets.ETHERTYPE_QINQ;
import static org.unveil.capture.TestPackets.ETHERTYPE_VLAN;
import static org.unveil.capture.TestPackets.ICMP;
import static org.unveil.capture.TestPackets.ICMPV6;
import static org.unveil.capture.TestPackets.TCP;
import static org.unveil.capture.TestPackets.UDP;
import static org.unveil.capture.TestPackets.ascii;
import static org.unveil.capture.TestPackets.clientHello;
import static org.unveil.capture.TestPackets.cut;
import static org.unveil.capture.TestPackets.ethernet;
import static org.unveil.capture.TestPackets.ethernet8023;
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
import static org.unveil.capture.TestPackets.tcp;
import static org.unveil.capture.TestPackets.udp;
import static org.unveil.capture.TestPackets.vxlan;
import static org.unveil.capture.TestPackets.geneve;
import static org.unveil.capture.TestPackets.gre;
import static org.unveil.capture.TestPackets.mplsEntry;
import static org.unveil.capture.TestPackets.pppoeSession;
import static org.unveil.capture.TestPackets.concat;
import static org.unveil.capture.TestPackets.bytes;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.unveil.capture.LinkType;
import org.unveil.capture.Packet;
import org.unveil.capture.fields.PacketField;

/**
 * Whatever bytes a capture holds, decoding must not throw and must not point outside the captured bytes.
 * Packets are placed at the end of a larger buffer, so a read past the capture fails loudly.
 */
class PacketDecoderFuzzTest {
    /** Every link type Unveil decodes, and a few it does not. */
    private static final int[] LINK_TYPES = {
        LinkType.NULL, LinkType.ETHERNET, LinkType.RAW_BSD, LinkType.RAW_OPENBSD, LinkType.RAW, LinkType.LOOP,
        LinkType.LINUX_SLL, LinkType.IPV4, LinkType.IPV6, LinkType.LINUX_SLL2, LinkType.PPP, LinkType.PPP_SERIAL,
        LinkType.C_HDLC, LinkType.FRELAY, LinkType.PKTAP, LinkType.PKTAP_APPLE, 105, 127, 147, -1,
    };

    private record Template(int linkType, byte[] bytes) {
    }

    private static final List<Template> TEMPLATES = templates();

    private static List<Template> templates() {
        byte[] synOptions = tcp().flags(TcpHeader.SYN).mss(1460).sackPermitted().timestamps(7, 0).nop().windowScale(7)
                .build();
        byte[] http = tcp().flags(TcpHeader.PSH | TcpHeader.ACK).nop().nop().sack(1, 2, 3, 4).payload(
                "GET /x HTTP/1.1\r\nHost: h.example\r\nUser-Agent: ua\r\nX-Forwarded-For: 1.2.3.4\r\n\r\n").build();
        byte[] response = tcp().payload("HTTP/1.1 200 OK\r\nServer: s\nSet-Cookie: c=1\r\n\r\n").build();
        byte[] tls = tcp().ports(50000, 443).payload(clientHello().serverName("p.example").alpn("h2", "http/1.1")
                .supportedVersions(0x2A2A, 0x0304, 0x0303).signatureAlgorithms(0x0403, 0x0804)
                .supportedGroups(0x001D).build()).build();
        byte[] v4Http = ipv4().options(new byte[] {1, 1, 1, 0}).df().id(9).build(http);
        byte[] v4Tls = ipv4().build(tls);
        byte[] v6Syn = ipv6().hopByHop(8).routing(1).destinationOptions(8).build(TCP, synOptions);
        byte[] v6Frag = ipv6().fragment(0, true, 77).build(UDP, udp().build(new byte[24]));
        byte[] v6Ah = ipv6().authentication(12).build(TCP, response);
        byte[] icmpError = ipv4().protocol(ICMP).build(icmp(3, 3, 0, 0, 0,
                cut(ipv4().protocol(UDP).build(udp().build(new byte[40])), 28)));
        byte[] icmpv6Error = ipv6().build(ICMPV6, icmp(1, 4, 0, 0, 0,
                cut(ipv6().destinationOptions(8).build(TCP, synOptions), 56)));
        byte[] laterFragment = ipv4().fragmentOffset(1480).mf().build(http);
        return List.of(
                new Template(LinkType.ETHERNET, ethernet(ETHERTYPE_IPV4, v4Http)),
                new Template(LinkType.ETHERNET, ethernetTagged(new int[][] {{ETHERTYPE_QINQ, 10}, {ETHERTYPE_VLAN, 20}},
                        ETHERTYPE_IPV6, v6Syn)),
                new Template(LinkType.ETHERNET, ethernet8023(llcSnap(ETHERTYPE_IPV4, v4Tls))),
                new Template(LinkType.ETHERNET, ethernet(ETHERTYPE_IPV4, icmpError)),
                new Template(LinkType.ETHERNET, ethernet(ETHERTYPE_IPV6, icmpv6Error)),
                new Template(LinkType.LINUX_SLL, sll(ETHERTYPE_IPV6, v6Frag)),
                new Template(LinkType.LINUX_SLL2, sll2(ETHERTYPE_IPV4, v4Tls)),
                new Template(LinkType.NULL, nullLink(30, true, v6Ah)),
                new Template(LinkType.NULL, nullLink(2, false, laterFragment)),
                new Template(LinkType.LOOP, loop(24, v6Syn)),
                new Template(LinkType.RAW, ipv4().protocol(UDP).build(udp().build(ascii("GET / HTTP/1.1\r\n\r\n")))),
                new Template(LinkType.IPV4, v4Http),
                new Template(LinkType.IPV6, v6Ah),
                // tunnels, alone and nested, and the serial link types
                new Template(LinkType.ETHERNET, ethernet(ETHERTYPE_IPV4, ipv4().protocol(UDP).build(udp().ports(9, 4789)
                        .build(vxlan(77, ethernet(ETHERTYPE_IPV6, v6Ah)))))),
                new Template(LinkType.ETHERNET, ethernet(ETHERTYPE_IPV4, ipv4().protocol(UDP).build(udp().ports(9, 6081)
                        .build(geneve(5, 0x6558, new byte[8], ethernet(ETHERTYPE_IPV4, icmpError)))))),
                new Template(LinkType.ETHERNET, ethernet(ETHERTYPE_IPV6, ipv6().build(47, gre(0x8847, 1, 2L, 3L,
                        concat(mplsEntry(1, 0, false, 1), mplsEntry(2, 0, true, 1), v4Tls))))),
                new Template(LinkType.RAW, ipv4().protocol(47).build(gre(0x88BE, null, null, 4L, concat(
                        bytes().u16(0x1000).u16(3).u32(0).toArray(), ethernet(ETHERTYPE_IPV4, v4Http))))),
                new Template(LinkType.RAW, ipv4().protocol(47).build(gre(0x22EB, null, null, 4L, concat(
                        bytes().u16(0x2000).u16(3).u32(0).u16(0).u16(1).zeros(8).toArray(),
                        ethernet(ETHERTYPE_IPV4, v4Http))))),
                new Template(LinkType.RAW, ipv4().protocol(4).build(ipv4().protocol(41).build(v6Syn))),
                new Template(LinkType.ETHERNET, ethernet(0x8864, pppoeSession(3, 0x0021, v4Http))),
                new Template(LinkType.PPP, concat(new byte[] {(byte) 0xFF, 3, 0, 0x57}, v6Frag)),
                new Template(LinkType.C_HDLC, concat(new byte[] {0x0F, 0, 0x08, 0}, v4Tls)),
                new Template(LinkType.FRELAY, concat(new byte[] {0x18, 0x41, 3, 0, (byte) 0x80, 0, 0, 0, 0x08, 0},
                        v4Http)),
                new Template(LinkType.PKTAP, concat(bytes().u32le(108).u32le(1).u32le(1).zeros(96).toArray(),
                        ethernet(ETHERTYPE_IPV4, v4Tls))));
    }

    /** Fixed seeds: every run fuzzes the same inputs, and a failure names the seed to replay it. */
    private static final long SEED = 0x5EED_2026L;

    private static byte[] randomBytes(Random random, int maxLength) {
        byte[] bytes = new byte[random.nextInt(maxLength + 1)];
        random.nextBytes(bytes);
        return bytes;
    }

    @Test
    void randomBytesOnEveryLinkTypeNeverEscape() {
        Random random = new Random(SEED);
        for (int trial = 0; trial < 3000; trial++) {
            byte[] bytes = randomBytes(random, 160);
            int offset = random.nextInt(65);
            for (int linkType : LINK_TYPES) {
                decodeAndTouchEverything(linkType, bytes, offset);
            }
        }
    }

    @Test
    void randomBytesAfterAPlausibleHeaderNeverEscape() {
        Random random = new Random(SEED + 1);
        for (int trial = 0; trial < 2000; trial++) {
            Template template = TEMPLATES.get(random.nextInt(TEMPLATES.size()));
            int keep = random.nextInt(201);
            // a real header chain up to some point, then anything
            byte[] head = cut(template.bytes(), Math.min(keep, template.bytes().length));
            byte[] bytes = org.unveil.capture.TestPackets.concat(head, randomBytes(random, 300));
            for (int linkType : LINK_TYPES) {
                decodeAndTouchEverything(linkType, bytes, 3);
            }
        }
    }

    @Test
    void truncatedAndMutatedPacketsNeverEscape() {
        Random random = new Random(SEED + 2);
        for (int trial = 0; trial < 3000; trial++) {
            Template template = TEMPLATES.get(random.nextInt(TEMPLATES.size()));
            byte[] bytes = cut(template.bytes(), Math.min(random.nextInt(401), template.bytes().length));
            int mutations = random.nextInt(9);
            for (int i = 0; i < mutations && bytes.length > 0; i++) {
                bytes[random.nextInt(bytes.length)] = (byte) random.nextInt(256);
            }
            decodeAndTouchEverything(template.linkType(), bytes, 0);
            decodeAndTouchEverything(template.linkType(), bytes, 17);
        }
    }

    @Test
    void everyTemplateCutAtEveryLengthNeverEscapes() {
        for (Template template : TEMPLATES) {
            for (int length = 0; length <= template.bytes().length; length++) {
                decodeAndTouchEverything(template.linkType(), cut(template.bytes(), length), 5);
            }
        }
    }

    private static void decodeAndTouchEverything(int linkType, byte[] bytes, int offset) {
        Packet packet = packetAt(linkType, bytes, offset, bytes.length);
        PacketLayers layers = PacketDecoder.decode(packet, new PacketLayers());

        assertThat(layers.status()).isNotNull();
        assertThat(layers.payloadLength()).isNotNegative();
        if (layers.payloadLength() > 0) {
            assertThat(layers.payloadOffset()).isGreaterThanOrEqualTo(offset);
            assertThat(layers.payloadOffset() + layers.payloadLength()).isLessThanOrEqualTo(offset + bytes.length);
        }
        if (layers.status() == PacketLayers.Status.UNSUPPORTED_LINK) {
            assertThat(layers.ipVersion()).isZero();
        }
        touch(layers);
        StringBuilder out = new StringBuilder();
        for (PacketField f : PacketField.values()) {
            f.append(packet, layers, out);
        }
    }

    /** Reads every value every present view offers; a read outside the captured bytes throws. */
    private static void touch(PacketLayers layers) {
        long sink = layers.vlanCount() + layers.outerVlanId() + layers.etherType() + layers.protocol();
        sink += layers.tunnels() + layers.encapsulations() + layers.vxlanVni() + layers.geneveVni()
                + layers.greProtocol() + layers.greVersion() + layers.greKey() + layers.greSequence()
                + layers.erspanVersion() + layers.erspanSpanId() + layers.mplsLabel() + layers.mplsTtl()
                + layers.mplsLabelCount() + layers.pppoeSession() + layers.pppProtocol() + layers.chdlcProtocol()
                + layers.frameRelayDlci() + layers.pktapDlt();
        assertThat(layers.encapsulations()).isBetween(0, PacketDecoder.MAX_ENCAPSULATIONS);
        if (layers.lastIpv4() != null) {
            sink += readAll(layers.lastIpv4());
        }
        if (layers.lastIpv6() != null) {
            sink += readAll(layers.lastIpv6());
        }
        if (layers.lastUdp() != null) {
            sink += layers.lastUdp().sourcePort() + layers.lastUdp().destinationPort();
        }
        if (layers.ipVersion() == 4) {
            sink += readAll(layers.ipv4());
        } else if (layers.ipVersion() == 6) {
            sink += readAll(layers.ipv6());
        }
        if (layers.hasTcp()) {
            TcpHeader t = layers.tcp();
            sink += t.sourcePort() + t.destinationPort() + t.sequence() + t.acknowledgment() + t.headerLength()
                    + t.flags() + t.window() + t.checksum() + t.urgentPointer() + t.payloadOffset() + t.mss()
                    + t.windowScale() + (t.sackPermitted() ? 1 : 0) + t.tsval() + t.tsecr()
                    + (t.optionsMalformed() ? 1 : 0);
            for (int i = 0; i < t.optionCount(); i++) {
                sink += t.optionKind(i) + t.optionLength(i) + t.optionOffset(i);
            }
            for (int i = 0; i < t.sackBlockCount(); i++) {
                sink += t.sackLeftEdge(i) + t.sackRightEdge(i);
            }
        }
        if (layers.hasUdp()) {
            UdpHeader u = layers.udp();
            sink += u.sourcePort() + u.destinationPort() + u.length() + u.checksum() + u.payloadOffset()
                    + u.payloadLength();
        }
        if (layers.hasIcmp()) {
            IcmpHeader i = layers.icmp();
            sink += i.type() + i.code() + i.checksum() + i.identifier() + i.sequence() + (i.isError() ? 1 : 0)
                    + i.quotedOffset() + i.quotedLength();
            if (layers.quotedIpVersion() == 4) {
                sink += readAll(layers.quotedIpv4());
            } else if (layers.quotedIpVersion() == 6) {
                sink += readAll(layers.quotedIpv6());
            }
            sink += layers.quotedSourcePort() + layers.quotedDestinationPort();
        }
        HttpHead http = layers.http();
        if (http != null) {
            sink += http.statusCode() + (http.isComplete() ? 1 : 0);
            if (http.isRequest()) {
                sink += http.method().length() + http.uri().length();
            }
            for (HttpHeader h : HttpHeader.values()) {
                String v = http.value(h);
                sink += v == null ? 0 : v.length() + http.valueOffset(h) + http.valueLength(h);
            }
        }
        TlsClientHello hello = layers.tlsClientHello();
        if (hello != null) {
            sink += hello.legacyVersion() + hello.highestVersion() + (hello.isComplete() ? 1 : 0);
            for (int i = 0; i < hello.cipherSuiteCount(); i++) {
                sink += hello.cipherSuite(i);
            }
            for (int i = 0; i < hello.extensionCount(); i++) {
                sink += hello.extensionType(i);
            }
            String sni = hello.serverName();
            sink += sni == null ? 0 : sni.length();
            sink += hello.alpnProtocols().length + hello.u16List(TlsClientHello.EXT_SIGNATURE_ALGORITHMS).length
                    + hello.u16List(TlsClientHello.EXT_SUPPORTED_GROUPS).length;
        }
        assertThat(sink).isNotNull();
    }

    private static long readAll(Ipv4Header ip) {
        return ip.headerLength() + ip.typeOfService() + ip.totalLength() + ip.identification()
                + (ip.dontFragment() ? 1 : 0) + (ip.moreFragments() ? 1 : 0) + ip.fragmentOffset()
                + (ip.isFragment() ? 1 : 0) + ip.ttl() + ip.protocol() + ip.checksum() + ip.source() + ip.destination()
                + ip.optionsLength() + ip.payloadOffset() + ip.capturedPayloadLength() + ip.payloadLength();
    }

    private static long readAll(Ipv6Header ip) {
        return ip.trafficClass() + ip.flowLabel() + ip.payloadLength() + ip.nextHeader() + ip.hopLimit()
                + ip.sourceHigh() + ip.sourceLow() + ip.destinationHigh() + ip.destinationLow() + ip.upperProtocol()
                + ip.upperOffset() + ip.capturedUpperLength() + ip.extensionCount() + (ip.extensionsTruncated() ? 1 : 0)
                + ip.fragmentOffset()
                + (ip.moreFragments() ? 1 : 0) + ip.fragmentIdentification();
    }
}
