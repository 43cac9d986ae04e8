package org.unveil.capture;

/** The LINKTYPE_* values (tcpdump.org link-layer header types) that Unveil decodes, and their names. */
public final class LinkType {
    public static final int NULL = 0;
    public static final int ETHERNET = 1;
    /** PPP (RFC 1661), with or without RFC 1662's 0xFF 0x03 address and control bytes. */
    public static final int PPP = 9;
    /** PPP in HDLC-like framing (RFC 1662), or Cisco PPP with HDLC framing (RFC 1547 section 4.3.1). */
    public static final int PPP_SERIAL = 50;
    /** Cisco HDLC: address, control, EtherType. */
    public static final int C_HDLC = 104;
    /** Frame Relay: Q.922 address, then RFC 2427 multiprotocol encapsulation. */
    public static final int FRELAY = 107;
    /** DLT_PKTAP as Apple's libpcap writes it into pcap files (LINKTYPE_USER2's value). */
    public static final int PKTAP_APPLE = 149;
    /** Apple's PKTAP: a header naming the interface, process and link type, then the frame. */
    public static final int PKTAP = 258;
    /** DLT_RAW as some systems wrote it into old pcap files. */
    public static final int RAW_BSD = 12;
    public static final int RAW_OPENBSD = 14;
    public static final int RAW = 101;
    public static final int LOOP = 108;
    public static final int LINUX_SLL = 113;
    public static final int IPV4 = 228;
    public static final int IPV6 = 229;
    public static final int LINUX_SLL2 = 276;

    private LinkType() {
    }

    public static boolean isDecoded(int linkType) {
        return switch (linkType) {
            case NULL, ETHERNET, RAW_BSD, RAW_OPENBSD, RAW, LOOP, LINUX_SLL, IPV4, IPV6, LINUX_SLL2, PPP, PPP_SERIAL,
                    C_HDLC, FRELAY, PKTAP_APPLE, PKTAP -> true;
            default -> false;
        };
    }

    /** A short name as tcpdump prints it, or "LINKTYPE_n" for types Unveil does not name. */
    public static String name(int linkType) {
        return switch (linkType) {
            case NULL -> "NULL";
            case ETHERNET -> "EN10MB";
            case RAW_BSD, RAW_OPENBSD, RAW -> "RAW";
            case LOOP -> "LOOP";
            case LINUX_SLL -> "LINUX_SLL";
            case IPV4 -> "IPV4";
            case IPV6 -> "IPV6";
            case LINUX_SLL2 -> "LINUX_SLL2";
            case 105 -> "IEEE802_11";
            case 127 -> "IEEE802_11_RADIOTAP";
            case PPP -> "PPP";
            case PPP_SERIAL -> "PPP_HDLC";
            case C_HDLC -> "C_HDLC";
            case FRELAY -> "FRELAY";
            case PKTAP, PKTAP_APPLE -> "PKTAP";
            case 10 -> "FDDI";
            case 6 -> "IEEE802_5";
            case 195 -> "IEEE802_15_4";
            case 220 -> "USB_LINUX_MMAPPED";
            default -> "LINKTYPE_" + linkType;
        };
    }
}
