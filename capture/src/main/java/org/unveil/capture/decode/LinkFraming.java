package org.unveil.capture.decode;

import static org.unveil.capture.decode.NetworkBytes.u16;
import static org.unveil.capture.decode.NetworkBytes.u24;
import static org.unveil.capture.decode.NetworkBytes.u8;

import java.lang.foreign.MemorySegment;
import org.unveil.capture.decode.PacketLayers.Status;

/** The serial-line link layers: PPP, Cisco HDLC and Frame Relay. */
final class LinkFraming {
    static final int PPP_IPV4 = 0x0021;
    static final int PPP_IPV6 = 0x0057;
    static final int PPP_MPLS = 0x0281;
    static final int PPP_MPLS_MULTICAST = 0x0283;
    /** RFC 1662 section 3.1: the All-Stations address and the Unnumbered Information control byte. */
    static final int HDLC_ALL_STATIONS = 0xFF;
    static final int HDLC_UI = 0x03;
    static final int CHDLC_UNICAST = 0x0F;
    static final int CHDLC_BROADCAST = 0x8F;
    /** RFC 2427 NLPIDs: IPv4, IPv6, SNAP; and the padding byte before an NLPID. */
    static final int NLPID_IPV4 = 0xCC;
    static final int NLPID_IPV6 = 0x8E;
    static final int NLPID_SNAP = 0x80;
    static final int NLPID_PAD = 0x00;

    private LinkFraming() {
    }

    /**
     * DLT_PPP and DLT_PPP_SERIAL (and PPP in PPTP's GRE): a frame starting 0x0F or 0x8F is Cisco HDLC
     * (RFC 1547 section 4.3.1); one starting 0xFF has RFC 1662's address and control bytes before the PPP
     * header (the control byte is 0x03, but, as tshark, any is taken); else the PPP header comes first.
     */
    static void ppp(MemorySegment s, long at, int length, PacketLayers layers) {
        if (length < 1) {
            layers.mark(Status.TRUNCATED);
            return;
        }
        int address = u8(s, at);
        if (address == CHDLC_UNICAST || address == CHDLC_BROADCAST) {
            ciscoHdlc(s, at, length, layers);
        } else if (address == HDLC_ALL_STATIONS) {
            pppProtocol(s, at + 2, length - 2, layers);
        } else {
            pppProtocol(s, at, length, layers);
        }
    }

    /**
     * RFC 1661 section 2: the Protocol field, one byte when compressed (RFC 1661 section 6.5: its low bit
     * is then set), two otherwise; then the datagram.
     */
    static void pppProtocol(MemorySegment s, long at, int length, PacketLayers layers) {
        if (length < 1) {
            layers.mark(Status.TRUNCATED);
            return;
        }
        int protocol = u8(s, at);
        int header = 1;
        if ((protocol & 1) == 0) {
            if (length < 2) {
                layers.mark(Status.TRUNCATED);
                return;
            }
            protocol = u16(s, at);
            header = 2;
        }
        if ((layers.tunnels & PacketLayers.LINK_PPP) == 0) {
            layers.tunnels |= PacketLayers.LINK_PPP;
            layers.pppProtocol = protocol;
        }
        int etherType = switch (protocol) {
            case PPP_IPV4 -> PacketLayers.ETHERTYPE_IPV4;
            case PPP_IPV6 -> PacketLayers.ETHERTYPE_IPV6;
            case PPP_MPLS -> Tunnels.ETHERTYPE_MPLS;
            case PPP_MPLS_MULTICAST -> Tunnels.ETHERTYPE_MPLS_MULTICAST;
            default -> -1;
        };
        if (etherType >= 0) {
            PacketDecoder.network(etherType, s, at + header, length - header, layers);
        }
    }

    /** Cisco HDLC: address (0x0F unicast, 0x8F broadcast), control (0), then an EtherType. */
    static void ciscoHdlc(MemorySegment s, long at, int length, PacketLayers layers) {
        if (length < 4) {
            layers.mark(Status.TRUNCATED);
            return;
        }
        int protocol = u16(s, at + 2);
        layers.tunnels |= PacketLayers.LINK_CHDLC;
        layers.chdlcProtocol = protocol;
        PacketDecoder.network(protocol, s, at + 4, length - 4, layers);
    }

    /**
     * DLT_FRELAY: a Q.922 address of two to four bytes, the last with its EA bit set, carrying the DLCI
     * (a 3- or 4-byte address whose D/C bit says control ends it with DL-CORE bits, not DLCI bits); then,
     * as RFC 2427 section 3, the UI control byte 0x03, an optional pad byte 0 and an NLPID (0xCC IPv4, 0x8E
     * IPv6, 0x80 SNAP with OUI 0 and an EtherType). A frame whose control is not 0x03 is taken, as tshark
     * does, for Cisco's encapsulation: the EtherType follows the address.
     */
    static void frameRelay(MemorySegment s, long at, int length, PacketLayers layers) {
        long p = at;
        long end = at + length;
        if (length < 2) {
            layers.mark(Status.TRUNCATED);
            return;
        }
        int b0 = u8(s, p);
        int b1 = u8(s, p + 1);
        if ((b0 & 1) != 0) {
            layers.mark(Status.MALFORMED); // the first address byte never ends the address
            return;
        }
        int dlci = ((b0 >> 2) << 4) | (b1 >> 4);
        p += 2;
        if ((b1 & 1) == 0) {
            if (p >= end) {
                layers.mark(Status.TRUNCATED);
                return;
            }
            int b2 = u8(s, p++);
            if ((b2 & 1) == 0) {
                if (p >= end) {
                    layers.mark(Status.TRUNCATED);
                    return;
                }
                int b3 = u8(s, p++);
                if ((b3 & 1) == 0) {
                    layers.mark(Status.MALFORMED); // Q.922 addresses end by their fourth byte
                    return;
                }
                dlci = (dlci << 7) | (b2 >> 1);
                if ((b3 & 0x2) == 0) {
                    dlci = (dlci << 6) | (b3 >> 2);
                }
            } else if ((b2 & 0x2) == 0) {
                dlci = (dlci << 6) | (b2 >> 2);
            }
        }
        layers.tunnels |= PacketLayers.LINK_FRELAY;
        layers.frameRelayDlci = dlci;
        if (p >= end) {
            layers.mark(Status.TRUNCATED);
            return;
        }
        if (u8(s, p) != HDLC_UI) {
            if (p + 2 > end) {
                layers.mark(Status.TRUNCATED);
                return;
            }
            PacketDecoder.network(u16(s, p), s, p + 2, (int) (end - p - 2), layers);
            return;
        }
        p++;
        if (p < end && u8(s, p) == NLPID_PAD) {
            p++;
        }
        if (p >= end) {
            layers.mark(Status.TRUNCATED);
            return;
        }
        int nlpid = u8(s, p++);
        int etherType;
        if (nlpid == NLPID_IPV4) {
            etherType = PacketLayers.ETHERTYPE_IPV4;
        } else if (nlpid == NLPID_IPV6) {
            etherType = PacketLayers.ETHERTYPE_IPV6;
        } else if (nlpid == NLPID_SNAP) {
            if (p + 5 > end) {
                layers.mark(Status.TRUNCATED);
                return;
            }
            if (u24(s, p) != 0) {
                return; // a bridged or vendor protocol
            }
            etherType = u16(s, p + 3);
            p += 5;
        } else {
            return; // ISO protocols (CLNP, ES-IS, IS-IS), Q.933 signalling
        }
        PacketDecoder.network(etherType, s, p, (int) (end - p), layers);
    }
}
