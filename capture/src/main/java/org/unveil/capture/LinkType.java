package org.unveil.capture;

/** The LINKTYPE_* values (tcpdump.org link-layer header types) that Unveil decodes, and their names. */
public final class LinkType {
    public static final int NULL = 0;
    public static final int ETHERNET = 1;
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
            case NULL, ETHERNET, RAW_BSD, RAW_OPENBSD, RAW, LOOP, LINUX_SLL, IPV4, IPV6, LINUX_SLL2 -> true;
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
            case 9 -> "PPP";
            case 50 -> "PPP_HDLC";
            case 104 -> "C_HDLC";
            case 10 -> "FDDI";
            case 6 -> "IEEE802_5";
            case 195 -> "IEEE802_15_4";
            case 220 -> "USB_LINUX_MMAPPED";
            default -> "LINKTYPE_" + linkType;
        };
    }
}
