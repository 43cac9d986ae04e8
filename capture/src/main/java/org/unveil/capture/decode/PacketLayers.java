package org.unveil.capture.decode;

/**
 * What {@link PacketDecoder} found in one packet: which layers are present and a view of each. One
 * instance is reused for every packet; the views are valid until the next decode.
 */
public final class PacketLayers {
    /** How far decoding got. */
    public enum Status {
        /** Every layer Unveil knows was decoded (the packet may still carry an unknown protocol). */
        DECODED,
        /** A header was cut short by the capture's snaplen. */
        TRUNCATED,
        /** A header contradicts itself (bad version, impossible length). */
        MALFORMED,
        /** The link type is not one Unveil decodes. */
        UNSUPPORTED_LINK
    }

    public static final int ETHERTYPE_IPV4 = 0x0800;
    public static final int ETHERTYPE_ARP = 0x0806;
    public static final int ETHERTYPE_IPV6 = 0x86DD;
    public static final int PROTO_ICMP = 1;
    public static final int PROTO_TCP = 6;
    public static final int PROTO_UDP = 17;
    public static final int PROTO_ICMPV6 = 58;

    final Ipv4Header ipv4 = new Ipv4Header();
    final Ipv6Header ipv6 = new Ipv6Header();
    final TcpHeader tcp = new TcpHeader();
    final UdpHeader udp = new UdpHeader();
    final IcmpHeader icmp = new IcmpHeader();
    final Ipv4Header quotedIpv4 = new Ipv4Header();
    final Ipv6Header quotedIpv6 = new Ipv6Header();
    private final HttpHead http = new HttpHead();
    private final TlsClientHello tls = new TlsClientHello();

    Status status;
    int vlanCount;
    int outerVlanId;
    int etherType;
    int ipVersion;
    int protocol;
    boolean laterFragment;
    boolean hasTcp;
    boolean hasUdp;
    boolean hasIcmp;
    int quotedIpVersion;
    int quotedProtocol;
    int quotedSourcePort;
    int quotedDestinationPort;
    long payloadOffset;
    int payloadLength;
    private java.lang.foreign.MemorySegment segment;
    private int httpState;
    private int tlsState;

    void reset(java.lang.foreign.MemorySegment segment) {
        this.segment = segment;
        status = Status.DECODED;
        vlanCount = 0;
        outerVlanId = -1;
        etherType = -1;
        ipVersion = 0;
        protocol = -1;
        laterFragment = false;
        hasTcp = false;
        hasUdp = false;
        hasIcmp = false;
        quotedIpVersion = 0;
        quotedProtocol = -1;
        quotedSourcePort = -1;
        quotedDestinationPort = -1;
        payloadOffset = 0;
        payloadLength = 0;
        httpState = 0;
        tlsState = 0;
    }

    void mark(Status worse) {
        if (worse.ordinal() > status.ordinal()) {
            status = worse;
        }
    }

    public Status status() {
        return status;
    }

    /** True when the link layer is unknown or the network layer was malformed. */
    public boolean undecodable() {
        return status == Status.UNSUPPORTED_LINK || status == Status.MALFORMED;
    }

    public int vlanCount() {
        return vlanCount;
    }

    /** VLAN id of the outermost 802.1Q/802.1ad tag, or -1. */
    public int outerVlanId() {
        return outerVlanId;
    }

    /** EtherType (or SLL protocol) of the network layer, -1 when the link carries none. */
    public int etherType() {
        return etherType;
    }

    /** 4 or 6 when an IP header was decoded, else 0. */
    public int ipVersion() {
        return ipVersion;
    }

    public Ipv4Header ipv4() {
        return ipv4;
    }

    public Ipv6Header ipv6() {
        return ipv6;
    }

    /** IP protocol number of the transport layer (after IPv6 extension headers), or -1. */
    public int protocol() {
        return protocol;
    }

    /** True for a non-first IP fragment: it carries no transport header. */
    public boolean laterFragment() {
        return laterFragment;
    }

    public boolean hasTcp() {
        return hasTcp;
    }

    public TcpHeader tcp() {
        return tcp;
    }

    public boolean hasUdp() {
        return hasUdp;
    }

    public UdpHeader udp() {
        return udp;
    }

    public boolean hasIcmp() {
        return hasIcmp;
    }

    public IcmpHeader icmp() {
        return icmp;
    }

    /** IP version of the packet quoted in an ICMP error, or 0. */
    public int quotedIpVersion() {
        return quotedIpVersion;
    }

    public Ipv4Header quotedIpv4() {
        return quotedIpv4;
    }

    public Ipv6Header quotedIpv6() {
        return quotedIpv6;
    }

    /** IP protocol of the packet quoted in an ICMP error, or -1. */
    public int quotedProtocol() {
        return quotedProtocol;
    }

    /** Transport ports of the quoted packet (TCP or UDP), -1 when not captured. */
    public int quotedSourcePort() {
        return quotedSourcePort;
    }

    public int quotedDestinationPort() {
        return quotedDestinationPort;
    }

    /** Offset of the transport payload in {@link #segment()}. */
    public long payloadOffset() {
        return payloadOffset;
    }

    public int payloadLength() {
        return payloadLength;
    }

    public java.lang.foreign.MemorySegment segment() {
        return segment;
    }

    /**
     * The HTTP/1.x head starting this TCP or UDP (SSDP) payload, parsed on first request; null if it is
     * not one. Recognised by content, on any port.
     */
    public HttpHead http() {
        if (httpState == 0) {
            httpState = (hasTcp || hasUdp) && payloadLength > 0 && http.wrap(segment, payloadOffset, payloadLength) ? 1 : 2;
        }
        return httpState == 1 ? http : null;
    }

    /** The TLS ClientHello starting this TCP payload, parsed on first request; null if it is not one. */
    public TlsClientHello tlsClientHello() {
        if (tlsState == 0) {
            tlsState = hasTcp && payloadLength > 0 && tls.wrap(segment, payloadOffset, payloadLength) ? 1 : 2;
        }
        return tlsState == 1 ? tls : null;
    }
}
