package org.unveil.capture.decode;

import static org.unveil.capture.decode.NetworkBytes.i32;
import static org.unveil.capture.decode.NetworkBytes.u16;
import static org.unveil.capture.decode.NetworkBytes.u24;
import static org.unveil.capture.decode.NetworkBytes.u32;
import static org.unveil.capture.decode.NetworkBytes.u8;

import java.lang.foreign.MemorySegment;
import org.unveil.capture.decode.PacketLayers.Status;

/**
 * Encapsulations: the headers of tunnels (VXLAN, GENEVE, GRE, ERSPAN, IP in IP) and of the shims between
 * link and network layer (MPLS, PPPoE). Each records its fields in {@link PacketLayers} — the outermost
 * header of each kind, as tshark's first value — and hands what it carries back to {@link PacketDecoder},
 * whose inner IP header then becomes the packet's network layer. Nothing is copied or allocated.
 */
final class Tunnels {
    static final int VXLAN_PORT = 4789;
    static final int GENEVE_PORT = 6081;
    /** RFC 7510: an MPLS label stack in UDP. */
    static final int MPLS_UDP_PORT = 6635;
    static final int ETHERTYPE_MPLS = 0x8847;
    static final int ETHERTYPE_MPLS_MULTICAST = 0x8848;
    static final int ETHERTYPE_PPPOE_DISCOVERY = 0x8863;
    static final int ETHERTYPE_PPPOE_SESSION = 0x8864;
    /** Transparent Ethernet Bridging: the payload is an Ethernet frame (GRE, GENEVE). */
    static final int ETHERTYPE_TEB = 0x6558;
    static final int ETHERTYPE_ERSPAN_II = 0x88BE;
    static final int ETHERTYPE_ERSPAN_III = 0x22EB;
    /** PPP, as PPTP carries it in enhanced GRE. */
    static final int ETHERTYPE_PPP = 0x880B;
    /** WCCP's GRE redirection (draft-param-wccp-v2rev1 section 4.12): an IPv4 packet after a 4-byte header. */
    static final int ETHERTYPE_WCCP = 0x883E;
    /** Cisco MetaData in GRE: the carried EtherType, version, length, option and SGT (8 bytes), then the packet. */
    static final int ETHERTYPE_CISCO_METADATA = 0x8909;

    private Tunnels() {
    }

    /** True (and the depth taken) when one more encapsulation may be followed. */
    private static boolean deeper(PacketLayers layers) {
        if (layers.depth >= PacketDecoder.MAX_ENCAPSULATIONS) {
            return false;
        }
        layers.depth++;
        return true;
    }

    /** True the first time a packet meets this kind of encapsulation (so its fields are the outermost's). */
    private static boolean first(PacketLayers layers, int kind) {
        boolean first = (layers.tunnels & kind) == 0;
        layers.tunnels |= kind;
        return first;
    }

    /**
     * RFC 7348 section 5: flags (the I flag, 0x08, says the VNI is valid), 24 reserved bits, the 24-bit
     * VNI, 8 reserved bits; an Ethernet frame follows. Without the I flag it is not taken for VXLAN.
     */
    static void vxlan(MemorySegment s, long at, int length, PacketLayers layers) {
        if (length < 8 || (u8(s, at) & 0x08) == 0 || !deeper(layers)) {
            return;
        }
        if (first(layers, PacketLayers.TUNNEL_VXLAN)) {
            layers.vxlanVni = u24(s, at + 4);
        }
        PacketDecoder.ethernet(s, at + 8, length - 8, layers);
    }

    /**
     * RFC 8926 section 3.4: Ver (2 bits, 0), Opt Len (6 bits, in 4-byte words), O, C, 6 reserved bits,
     * Protocol Type (an EtherType), the 24-bit VNI, 8 reserved bits, then the options.
     */
    static void geneve(MemorySegment s, long at, int length, PacketLayers layers) {
        if (length < 8 || (u8(s, at) >> 6) != 0 || !deeper(layers)) {
            return;
        }
        int header = 8 + (u8(s, at) & 0x3F) * 4;
        if (first(layers, PacketLayers.TUNNEL_GENEVE)) {
            layers.geneveVni = u24(s, at + 4);
        }
        if (header > length) {
            layers.mark(Status.TRUNCATED);
            return;
        }
        carried(u16(s, at + 2), s, at + header, length - header, layers);
    }

    /** What a GENEVE or GRE Protocol Type names: an Ethernet frame or a network layer. */
    private static void carried(int protocol, MemorySegment s, long at, int length, PacketLayers layers) {
        if (protocol == ETHERTYPE_TEB) {
            PacketDecoder.ethernet(s, at, length, layers);
        } else {
            PacketDecoder.network(protocol, s, at, length, layers);
        }
    }

    /** RFC 2003 (IPv4 in IPv4, protocol 4), RFC 4213 and RFC 2473 (IPv6 in IPv4 or IPv6, protocol 41). */
    static void ipInIp(int etherType, MemorySegment s, long at, int length, PacketLayers layers) {
        if (deeper(layers)) {
            layers.tunnels |= PacketLayers.TUNNEL_IP_IN_IP;
            PacketDecoder.network(etherType, s, at, length, layers);
        }
    }

    static final int GRE_CHECKSUM = 0x8000;
    static final int GRE_ROUTING = 0x4000;
    static final int GRE_KEY = 0x2000;
    static final int GRE_SEQUENCE = 0x1000;
    /** RFC 2637 section 4.1: the enhanced (version 1) header's acknowledgment number is present. */
    static final int GRE_ACK = 0x0080;

    /**
     * RFC 2784 section 2: C, reserved bits, Ver (3 bits), Protocol Type; with C, a checksum and 16 reserved
     * bits. RFC 2890 adds K (a 32-bit key) and S (a 32-bit sequence number), in that order. Version 1 is
     * PPTP's enhanced GRE (RFC 2637), whose key field holds payload length and call id, and which may end
     * with an acknowledgment number. Other versions, and RFC 1701's source routes, are left undecoded.
     */
    static void gre(MemorySegment s, long at, int length, PacketLayers layers) {
        if (length < 4) {
            layers.mark(Status.TRUNCATED);
            return;
        }
        int flags = u16(s, at);
        int version = flags & 0x7;
        if (version > 1 || (flags & GRE_ROUTING) != 0 || !deeper(layers)) {
            return;
        }
        int protocol = u16(s, at + 2);
        long p = at + 4;
        long end = at + length;
        if ((flags & GRE_CHECKSUM) != 0) {
            p += 4;
        }
        long key = -1;
        if ((flags & GRE_KEY) != 0) {
            key = p + 4 <= end ? u32(s, p) : -1;
            p += 4;
        }
        long sequence = -1;
        if ((flags & GRE_SEQUENCE) != 0) {
            sequence = p + 4 <= end ? u32(s, p) : -1;
            p += 4;
        }
        if (version == 1 && (flags & GRE_ACK) != 0) {
            p += 4;
        }
        if (first(layers, PacketLayers.TUNNEL_GRE)) {
            layers.greProtocol = protocol;
            layers.greVersion = version;
            layers.greKey = version == 0 ? key : -1;
            layers.greSequence = sequence;
        }
        if (p > end) {
            layers.mark(Status.TRUNCATED);
            return;
        }
        int rest = (int) (end - p);
        switch (protocol) {
            case ETHERTYPE_ERSPAN_II -> {
                if ((flags & GRE_SEQUENCE) != 0) {
                    erspanII(s, p, rest, layers);
                } else {
                    erspanI(s, p, rest, layers); // type I: the same protocol type, no sequence, no header
                }
            }
            case ETHERTYPE_ERSPAN_III -> erspanIII(s, p, rest, layers);
            case ETHERTYPE_PPP -> LinkFraming.ppp(s, p, rest, layers);
            case ETHERTYPE_WCCP -> {
                // WCCPv1 put the packet right after GRE; WCCPv2 adds a redirect header first
                int skip = rest > 0 && (u8(s, p) >> 4) == 4 ? 0 : 4;
                if (rest >= skip) {
                    PacketDecoder.network(PacketLayers.ETHERTYPE_IPV4, s, p + skip, rest - skip, layers);
                }
            }
            case ETHERTYPE_CISCO_METADATA -> {
                if (rest >= 8) {
                    PacketDecoder.network(u16(s, p), s, p + 8, rest - 8, layers);
                }
            }
            default -> carried(protocol, s, p, rest, layers);
        }
    }

    /** ERSPAN type I: the mirrored Ethernet frame follows GRE directly. */
    private static void erspanI(MemorySegment s, long at, int length, PacketLayers layers) {
        if (first(layers, PacketLayers.TUNNEL_ERSPAN)) {
            layers.erspanVersion = 0;
            layers.erspanSpanId = -1;
        }
        PacketDecoder.ethernet(s, at, length, layers);
    }

    /**
     * ERSPAN type II (draft-foschiano-erspan section 4.1): Ver (4 bits, 1), VLAN (12), COS (3), En (2), T,
     * Session ID (10), 12 reserved bits, Index (20); the mirrored Ethernet frame follows the 8 bytes.
     */
    private static void erspanII(MemorySegment s, long at, int length, PacketLayers layers) {
        if (length < 8) {
            layers.mark(Status.TRUNCATED);
            return;
        }
        erspanHeader(s, at, layers);
        PacketDecoder.ethernet(s, at + 8, length - 8, layers);
    }

    private static void erspanHeader(MemorySegment s, long at, PacketLayers layers) {
        if (first(layers, PacketLayers.TUNNEL_ERSPAN)) {
            layers.erspanVersion = u16(s, at) >> 12;
            layers.erspanSpanId = u16(s, at + 2) & 0x3FF;
        }
    }

    /**
     * ERSPAN type III (section 4.2): Ver (2), VLAN, COS, BSO, T, Session ID as in type II, a 32-bit
     * timestamp, SGT (16), P, FT (5), Hw ID (6), D, Gra (2), O; with O an 8-byte platform-specific
     * subheader follows. Frame type 0 is an Ethernet frame; other frame types are left undecoded.
     */
    private static void erspanIII(MemorySegment s, long at, int length, PacketLayers layers) {
        if (length < 12) {
            layers.mark(Status.TRUNCATED);
            return;
        }
        erspanHeader(s, at, layers);
        int last = u16(s, at + 10);
        int header = (last & 0x1) != 0 ? 20 : 12;
        if (header > length) {
            layers.mark(Status.TRUNCATED);
            return;
        }
        if (((last >> 10) & 0x1F) == 0) {
            PacketDecoder.ethernet(s, at + header, length - header, layers);
        }
    }

    /**
     * RFC 3032 section 2.1: label stack entries of Label (20 bits), TC (3), S (bottom of stack), TTL (8),
     * down to the entry with S set; RFC 3032 leaves what follows to the label's binding, and the first
     * nibble tells IPv4 from IPv6 as routers and tshark do. Anything else is left undecoded.
     */
    static void mpls(MemorySegment s, long at, int length, PacketLayers layers) {
        if (!deeper(layers)) {
            return;
        }
        boolean first = first(layers, PacketLayers.TUNNEL_MPLS);
        long p = at;
        long end = at + length;
        int entries = 0;
        while (true) {
            if (p + 4 > end) {
                layers.mark(Status.TRUNCATED);
                return;
            }
            int entry = i32(s, p);
            p += 4;
            if (first) {
                if (entries == 0) {
                    layers.mplsLabel = entry >>> 12;
                    layers.mplsTtl = entry & 0xFF;
                }
                layers.mplsLabels = entries + 1;
            }
            entries++;
            if ((entry & 0x100) != 0) {
                break;
            }
        }
        if (p >= end) {
            return;
        }
        int version = u8(s, p) >> 4;
        if (version == 4) {
            PacketDecoder.network(PacketLayers.ETHERTYPE_IPV4, s, p, (int) (end - p), layers);
        } else if (version == 6) {
            PacketDecoder.network(PacketLayers.ETHERTYPE_IPV6, s, p, (int) (end - p), layers);
        }
    }

    /**
     * RFC 2516 section 4: VER and TYPE (both 1), CODE (0 in a session), SESSION_ID, LENGTH of the payload;
     * in the session stage (0x8864) the payload is a PPP frame: its Protocol field, then the packet.
     */
    static void pppoe(int etherType, MemorySegment s, long at, int length, PacketLayers layers) {
        if (length < 6) {
            layers.mark(Status.TRUNCATED);
            return;
        }
        if (u8(s, at) != 0x11 || !deeper(layers)) {
            return;
        }
        if (first(layers, PacketLayers.TUNNEL_PPPOE)) {
            layers.pppoeSession = u16(s, at + 2);
        }
        if (etherType == ETHERTYPE_PPPOE_SESSION && u8(s, at + 1) == 0) {
            int payload = Math.min(u16(s, at + 4), length - 6);
            LinkFraming.pppProtocol(s, at + 6, payload, layers);
        }
    }
}
