package org.unveil.capture.decode;

import static org.unveil.capture.decode.NetworkBytes.u16;
import static org.unveil.capture.decode.NetworkBytes.u8;

import java.lang.foreign.MemorySegment;
import org.unveil.capture.LinkType;
import org.unveil.capture.Packet;
import org.unveil.capture.decode.PacketLayers.Status;

/** Decodes link, network and transport headers of a packet into a reusable {@link PacketLayers}. */
public final class PacketDecoder {
    static final int ETHERNET_HEADER = 14;
    static final int ETHERTYPE_VLAN = 0x8100;
    static final int ETHERTYPE_QINQ = 0x88A8;
    static final int ETHERTYPE_QINQ_OLD = 0x9100;
    static final int SLL_HEADER = 16;
    static final int SLL2_HEADER = 20;
    static final int NULL_HEADER = 4;
    /** Largest value of the 802.3 length field; larger values are EtherTypes. */
    static final int MAX_8023_LENGTH = 1500;
    private static final int AF_INET = 2;
    /** PKTAP: the three 32-bit fields read; the smallest header pktap.h defines; its packet record type. */
    static final int PKTAP_FIXED = 12;
    static final int PKTAP_MIN_HEADER = 108;
    static final int PKTAP_RECORD_PACKET = 1;
    /**
     * Encapsulations (tunnel headers, MPLS label stacks, PPPoE) followed in one packet at most: deeper ones
     * are left as the payload they are, so a hostile packet of tunnels in tunnels cannot loop.
     */
    public static final int MAX_ENCAPSULATIONS = 4;
    static final int PROTO_IPIP = 4;
    static final int PROTO_IPV6_IN_IP = 41;
    static final int PROTO_GRE = 47;

    private PacketDecoder() {
    }

    /** Decodes {@code packet} into {@code layers}, replacing what they held. */
    public static PacketLayers decode(Packet packet, PacketLayers layers) {
        MemorySegment s = packet.buffer();
        layers.reset(s);
        link(packet.linkType(), s, packet.offset(), packet.capturedLength(), layers, true);
        return layers;
    }

    /** The link layer; {@code outermost} is false for the frame a PKTAP header wraps (no PKTAP in PKTAP). */
    private static void link(int linkType, MemorySegment s, long at, int length, PacketLayers layers,
            boolean outermost) {
        switch (linkType) {
            case LinkType.ETHERNET -> ethernet(s, at, length, layers);
            case LinkType.LINUX_SLL -> {
                if (length < SLL_HEADER) {
                    layers.mark(Status.TRUNCATED);
                } else {
                    network(u16(s, at + 14), s, at + SLL_HEADER, length - SLL_HEADER, layers);
                }
            }
            case LinkType.LINUX_SLL2 -> {
                if (length < SLL2_HEADER) {
                    layers.mark(Status.TRUNCATED);
                } else {
                    network(u16(s, at), s, at + SLL2_HEADER, length - SLL2_HEADER, layers);
                }
            }
            case LinkType.RAW, LinkType.RAW_BSD, LinkType.RAW_OPENBSD -> rawIp(s, at, length, layers);
            case LinkType.IPV4 -> network(PacketLayers.ETHERTYPE_IPV4, s, at, length, layers);
            case LinkType.IPV6 -> network(PacketLayers.ETHERTYPE_IPV6, s, at, length, layers);
            case LinkType.NULL, LinkType.LOOP -> bsdLoopback(s, at, length, layers, linkType == LinkType.LOOP);
            case LinkType.PPP, LinkType.PPP_SERIAL -> LinkFraming.ppp(s, at, length, layers);
            case LinkType.C_HDLC -> LinkFraming.ciscoHdlc(s, at, length, layers);
            case LinkType.FRELAY -> LinkFraming.frameRelay(s, at, length, layers);
            case LinkType.PKTAP, LinkType.PKTAP_APPLE -> {
                if (outermost) {
                    pktap(s, at, length, layers);
                } else {
                    layers.mark(Status.UNSUPPORTED_LINK);
                }
            }
            default -> layers.mark(Status.UNSUPPORTED_LINK);
        }
    }

    /**
     * Apple's PKTAP header (libpcap's pcap/pktap.h), written in the capturing host's byte order, which is
     * little-endian on every Mac: its own length, the type of record that follows (1, a packet) and that
     * packet's link type; the frame itself starts after the header.
     */
    private static void pktap(MemorySegment s, long at, int length, PacketLayers layers) {
        if (length < PKTAP_FIXED) {
            layers.mark(Status.TRUNCATED);
            return;
        }
        int headerLength = Integer.reverseBytes(NetworkBytes.i32(s, at));
        int recordType = Integer.reverseBytes(NetworkBytes.i32(s, at + 4));
        int dlt = Integer.reverseBytes(NetworkBytes.i32(s, at + 8));
        if (headerLength < PKTAP_MIN_HEADER) {
            layers.mark(Status.MALFORMED);
            return;
        }
        if (headerLength > length) {
            layers.mark(Status.TRUNCATED);
            return;
        }
        layers.tunnels |= PacketLayers.LINK_PKTAP;
        layers.pktapDlt = dlt;
        if (recordType == PKTAP_RECORD_PACKET) {
            link(dlt, s, at + headerLength, length - headerLength, layers, false);
        }
    }

    /**
     * Ethernet II with any stack of 802.1Q / 802.1ad tags; 802.3 frames only when they carry SNAP. Also
     * the frames tunnels carry (VXLAN, GENEVE, GRE's transparent bridging, ERSPAN).
     */
    static void ethernet(MemorySegment s, long at, int length, PacketLayers layers) {
        if (length < ETHERNET_HEADER) {
            layers.mark(Status.TRUNCATED);
            return;
        }
        long type = at + 12;
        long end = at + length;
        int etherType = u16(s, type);
        while (isTag(etherType) && type + 6 <= end) {
            if (layers.vlanCount++ == 0) {
                layers.outerVlanId = u16(s, type + 2) & 0x0FFF;
            }
            type += 4;
            etherType = u16(s, type);
        }
        if (isTag(etherType)) {
            layers.mark(Status.TRUNCATED); // a tag whose inner EtherType was not captured
            return;
        }
        long payload = type + 2;
        if (etherType <= MAX_8023_LENGTH) {
            // 802.2 LLC; RFC 1042 SNAP with OUI 0 carries an EtherType after 6 bytes
            if (payload + 8 <= end && u16(s, payload) == 0xAAAA && u8(s, payload + 2) == 3
                    && u16(s, payload + 3) == 0 && u8(s, payload + 5) == 0) {
                etherType = u16(s, payload + 6);
                payload += 8;
            } else {
                return;
            }
        }
        network(etherType, s, payload, (int) (end - payload), layers);
    }

    private static boolean isTag(int etherType) {
        return etherType == ETHERTYPE_VLAN || etherType == ETHERTYPE_QINQ || etherType == ETHERTYPE_QINQ_OLD;
    }

    /** DLT_NULL carries the family in the capturing host's byte order; DLT_LOOP in network order. */
    private static void bsdLoopback(MemorySegment s, long at, int length, PacketLayers layers, boolean networkOrder) {
        if (length < NULL_HEADER) {
            layers.mark(Status.TRUNCATED);
            return;
        }
        int family = NetworkBytes.i32(s, at);
        if (!networkOrder && (family & 0xFFFF) == 0) {
            family = Integer.reverseBytes(family);
        }
        int etherType = switch (family) {
            case AF_INET -> PacketLayers.ETHERTYPE_IPV4;
            case 10, 24, 28, 30 -> PacketLayers.ETHERTYPE_IPV6; // AF_INET6 on Linux, the BSDs, macOS
            default -> -1;
        };
        if (etherType >= 0) {
            network(etherType, s, at + NULL_HEADER, length - NULL_HEADER, layers);
        }
    }

    private static void rawIp(MemorySegment s, long at, int length, PacketLayers layers) {
        if (length < 1) {
            layers.mark(Status.TRUNCATED);
            return;
        }
        int version = u8(s, at) >> 4;
        if (version == 4) {
            network(PacketLayers.ETHERTYPE_IPV4, s, at, length, layers);
        } else if (version == 6) {
            network(PacketLayers.ETHERTYPE_IPV6, s, at, length, layers);
        } else {
            layers.mark(Status.MALFORMED);
        }
    }

    static void network(int etherType, MemorySegment s, long at, int length, PacketLayers layers) {
        if (layers.depth == 0) {
            layers.etherType = etherType; // inside a tunnel it is set when the inner IP header is entered
        }
        if (etherType == PacketLayers.ETHERTYPE_IPV4) {
            ipv4(s, at, length, layers);
        } else if (etherType == PacketLayers.ETHERTYPE_IPV6) {
            ipv6(s, at, length, layers);
        } else if (etherType == Tunnels.ETHERTYPE_MPLS || etherType == Tunnels.ETHERTYPE_MPLS_MULTICAST) {
            Tunnels.mpls(s, at, length, layers);
        } else if (etherType == Tunnels.ETHERTYPE_PPPOE_SESSION || etherType == Tunnels.ETHERTYPE_PPPOE_DISCOVERY) {
            Tunnels.pppoe(etherType, s, at, length, layers);
        }
    }

    /**
     * The IP header a tunnel carries becomes the packet's network layer only when it is whole: else the
     * carrier stays the packet (its fields intact) and the damage is marked.
     */
    private static boolean enter(Status problem, int etherType, PacketLayers layers) {
        if (problem != null) {
            layers.mark(problem);
            return false;
        }
        layers.enterTunnel(etherType);
        return true;
    }

    private static void ipv4(MemorySegment s, long at, int length, PacketLayers layers) {
        if (layers.depth != layers.entered
                && !enter(innerIpv4Problem(s, at, length), PacketLayers.ETHERTYPE_IPV4, layers)) {
            return;
        }
        Ipv4Header ip = layers.ipv4;
        if (!ip.wrap(s, at, length)) {
            layers.mark(ipv4Problem(s, at, length));
            return;
        }
        if (ip.totalLength() != 0 && ip.totalLength() < ip.headerLength()) {
            // 0 is what segmentation offload leaves; anything else must hold the header. (Quoted headers in
            // ICMP errors are not held to this: some stacks quote a rewritten total length.)
            layers.mark(Status.MALFORMED);
            return;
        }
        layers.ipVersion = 4;
        layers.protocol = ip.protocol();
        if (ip.fragmentOffset() != 0) {
            layers.laterFragment = true;
            return;
        }
        transport(ip.protocol(), s, ip.payloadOffset(), ip.capturedPayloadLength(), layers);
    }

    /**
     * Why {@link Ipv4Header#wrap} refused a header: a bad version or IHL, readable from the first byte, is
     * MALFORMED however little was captured; a sound header (options included) longer than the capture is
     * TRUNCATED; a captured header that still fails contradicts itself.
     */
    private static Status ipv4Problem(MemorySegment s, long at, int length) {
        if (length < 1) {
            return Status.TRUNCATED;
        }
        int first = u8(s, at);
        int headerLength = (first & 0x0F) * 4;
        if ((first >> 4) != 4 || headerLength < Ipv4Header.MIN_LENGTH) {
            return Status.MALFORMED;
        }
        return length < headerLength ? Status.TRUNCATED : Status.MALFORMED;
    }

    /** What {@link #ipv4} would find wrong with a header, without wrapping the view; null if nothing. */
    private static Status innerIpv4Problem(MemorySegment s, long at, int length) {
        if (length < Ipv4Header.MIN_LENGTH) {
            return ipv4Problem(s, at, length);
        }
        int headerLength = (u8(s, at) & 0x0F) * 4;
        if ((u8(s, at) >> 4) != 4 || headerLength < Ipv4Header.MIN_LENGTH) {
            return Status.MALFORMED;
        }
        if (length < headerLength) {
            return Status.TRUNCATED;
        }
        int total = u16(s, at + Ipv4Header.OFF_TOTAL_LENGTH);
        return total != 0 && total < headerLength ? Status.MALFORMED : null;
    }

    private static void ipv6(MemorySegment s, long at, int length, PacketLayers layers) {
        if (layers.depth != layers.entered) {
            Status problem = length >= 1 && (u8(s, at) >> 4) != 6 ? Status.MALFORMED
                    : length < Ipv6Header.LENGTH ? Status.TRUNCATED : null;
            if (!enter(problem, PacketLayers.ETHERTYPE_IPV6, layers)) {
                return;
            }
        }
        Ipv6Header ip = layers.ipv6;
        if (!ip.wrap(s, at, length)) {
            // the version nibble is all a short capture can contradict
            layers.mark(length >= 1 && (u8(s, at) >> 4) != 6 ? Status.MALFORMED : Status.TRUNCATED);
            return;
        }
        layers.ipVersion = 6;
        layers.protocol = ip.upperProtocol();
        if (ip.extensionsTruncated()) {
            layers.mark(Status.TRUNCATED);
            return;
        }
        if (ip.fragmentOffset() != 0) {
            layers.laterFragment = true;
            return;
        }
        transport(ip.upperProtocol(), s, ip.upperOffset(), ip.capturedUpperLength(), layers);
    }

    private static void transport(int protocol, MemorySegment s, long at, int length, PacketLayers layers) {
        switch (protocol) {
            case PacketLayers.PROTO_TCP -> {
                if (layers.tcp.wrap(s, at, length)) {
                    layers.hasTcp = true;
                    layers.payloadOffset = layers.tcp.payloadOffset();
                    layers.payloadLength = layers.tcp.payloadLength(length);
                    if (layers.tcp.headerLength() > length) {
                        layers.mark(Status.TRUNCATED); // the fixed header is whole, the options were cut
                    }
                } else {
                    layers.mark(Status.TRUNCATED);
                }
            }
            case PacketLayers.PROTO_UDP -> {
                if (layers.udp.wrap(s, at, length)) {
                    layers.hasUdp = true;
                    layers.payloadOffset = layers.udp.payloadOffset();
                    layers.payloadLength = layers.udp.payloadLength();
                    int port = layers.udp.destinationPort();
                    if (port == Tunnels.VXLAN_PORT) {
                        Tunnels.vxlan(s, layers.payloadOffset, layers.payloadLength, layers);
                    } else if (port == Tunnels.GENEVE_PORT) {
                        Tunnels.geneve(s, layers.payloadOffset, layers.payloadLength, layers);
                    } else if (port == Tunnels.MPLS_UDP_PORT) {
                        Tunnels.mpls(s, layers.payloadOffset, layers.payloadLength, layers);
                    }
                } else {
                    layers.mark(Status.TRUNCATED);
                }
            }
            case PacketLayers.PROTO_ICMP, PacketLayers.PROTO_ICMPV6 -> {
                if (layers.icmp.wrap(s, at, length, protocol == PacketLayers.PROTO_ICMPV6)) {
                    layers.hasIcmp = true;
                    layers.payloadOffset = at + IcmpHeader.LENGTH;
                    layers.payloadLength = length - IcmpHeader.LENGTH;
                    if (layers.icmp.isError()) {
                        quoted(s, layers.icmp.quotedOffset(), layers.icmp.quotedLength(), layers);
                    }
                } else {
                    layers.mark(Status.TRUNCATED);
                }
            }
            case PROTO_IPIP -> Tunnels.ipInIp(PacketLayers.ETHERTYPE_IPV4, s, at, length, layers);
            case PROTO_IPV6_IN_IP -> Tunnels.ipInIp(PacketLayers.ETHERTYPE_IPV6, s, at, length, layers);
            case PROTO_GRE -> Tunnels.gre(s, at, length, layers);
            default -> { } // another protocol: counted by number, not decoded
        }
    }

    /** The header of the packet an ICMP error quotes (RFC 792: IP header plus at least 8 bytes). */
    private static void quoted(MemorySegment s, long at, int length, PacketLayers layers) {
        long transport;
        int protocol;
        if (layers.quotedIpv4.wrap(s, at, length)) {
            layers.quotedIpVersion = 4;
            transport = layers.quotedIpv4.payloadOffset();
            protocol = layers.quotedIpv4.protocol();
        } else if (layers.quotedIpv6.wrap(s, at, length)) {
            layers.quotedIpVersion = 6;
            transport = layers.quotedIpv6.upperOffset();
            protocol = layers.quotedIpv6.upperProtocol();
        } else {
            return;
        }
        layers.quotedProtocol = protocol;
        if ((protocol == PacketLayers.PROTO_TCP || protocol == PacketLayers.PROTO_UDP) && transport + 4 <= at + length) {
            layers.quotedSourcePort = u16(s, transport);
            layers.quotedDestinationPort = u16(s, transport + 2);
        }
    }
}
