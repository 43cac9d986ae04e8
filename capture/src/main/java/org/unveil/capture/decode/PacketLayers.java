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

    /** Bits of {@link #tunnels()}: the encapsulations a packet arrived in, whatever their depth. */
    public static final int TUNNEL_VXLAN = 1;
    public static final int TUNNEL_GENEVE = 1 << 1;
    public static final int TUNNEL_GRE = 1 << 2;
    public static final int TUNNEL_ERSPAN = 1 << 3;
    public static final int TUNNEL_MPLS = 1 << 4;
    public static final int TUNNEL_PPPOE = 1 << 5;
    /** IPv4 or IPv6 carried directly in IPv4 or IPv6 (RFC 2003, RFC 4213, RFC 2473). */
    public static final int TUNNEL_IP_IN_IP = 1 << 6;
    /** Which link-layer framing fields ({@link #pppProtocol()} and its kin) are set; not a tunnel. */
    static final int LINK_PPP = 1 << 16;
    static final int LINK_CHDLC = 1 << 17;
    static final int LINK_FRELAY = 1 << 18;
    static final int LINK_PKTAP = 1 << 19;
    /** A tunnel's carrier held an IPv4 header, an IPv6 header, a UDP header (so the views keep them). */
    static final int CARRIER_IPV4 = 1 << 24;
    static final int CARRIER_IPV6 = 1 << 25;
    static final int CARRIER_UDP = 1 << 26;
    private static final int TUNNEL_MASK = 0xFFFF;

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
    /** TUNNEL_*, LINK_* and CARRIER_* bits; the fields below are valid only where their bit is set. */
    int tunnels;
    /** Tunnel headers decoded so far, bounded by {@link PacketDecoder#MAX_ENCAPSULATIONS}. */
    int depth;
    /** The depth whose inner IP header is the network layer now ({@link #depth} once it was entered). */
    int entered;
    int vxlanVni;
    int geneveVni;
    int greProtocol;
    int greVersion;
    long greKey;
    long greSequence;
    int erspanVersion;
    int erspanSpanId;
    int mplsLabel;
    int mplsTtl;
    int mplsLabels;
    int pppoeSession;
    int pppProtocol;
    int chdlcProtocol;
    int frameRelayDlci;
    int pktapDlt;
    private java.lang.foreign.MemorySegment segment;
    private int httpState;
    private int tlsState;

    void reset(java.lang.foreign.MemorySegment segment) {
        this.segment = segment;
        status = Status.DECODED;
        vlanCount = 0;
        outerVlanId = -1;
        etherType = -1;
        forgetNetworkLayers();
        tunnels = 0;
        depth = 0;
        entered = 0;
    }

    /** What the network and transport layers said, forgotten: a new packet, or the one a tunnel carries. */
    private void forgetNetworkLayers() {
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

    /**
     * Makes the IP packet a tunnel carries the packet these layers describe: what the carrier's network
     * and transport layers said is dropped, except that the IPv4, IPv6 and UDP views keep the carrier's
     * header when the inner packet has none of its own (see {@link #lastIpv4()}).
     */
    void enterTunnel(int innerEtherType) {
        tunnels |= (ipVersion == 4 ? CARRIER_IPV4 : ipVersion == 6 ? CARRIER_IPV6 : 0) | (hasUdp ? CARRIER_UDP : 0);
        entered = depth;
        etherType = innerEtherType;
        forgetNetworkLayers();
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

    // ---- tunnels and link framing: every value is -1 (or null) where the packet had no such header ----

    /**
     * The TUNNEL_* bits of the encapsulations decoded, 0 for a packet that arrived as it is. The other
     * accessors then describe the innermost packet: its network and transport layers, which flows, hosts
     * and traces use.
     */
    public int tunnels() {
        return tunnels & TUNNEL_MASK;
    }

    public boolean tunneled(int tunnelBits) {
        return (tunnels & tunnelBits) != 0;
    }

    /** Tunnel headers decoded (an MPLS label stack counts once). */
    public int encapsulations() {
        return depth;
    }

    /**
     * The innermost IPv4 header: the network layer's, or, when that is IPv6 (or nothing) inside a tunnel,
     * the IPv4 header that carried it; null if the packet has none. tshark's last ip.* value is its.
     */
    public Ipv4Header lastIpv4() {
        return ipVersion == 4 || (tunnels & CARRIER_IPV4) != 0 ? ipv4 : null;
    }

    /** As {@link #lastIpv4()} for IPv6. */
    public Ipv6Header lastIpv6() {
        return ipVersion == 6 || (tunnels & CARRIER_IPV6) != 0 ? ipv6 : null;
    }

    /** The innermost UDP header: the transport layer's, else the one that carried a tunnel (VXLAN, GENEVE). */
    public UdpHeader lastUdp() {
        return hasUdp || (tunnels & CARRIER_UDP) != 0 ? udp : null;
    }

    /** RFC 7348 VXLAN Network Identifier of the outermost VXLAN header. */
    public int vxlanVni() {
        return (tunnels & TUNNEL_VXLAN) != 0 ? vxlanVni : -1;
    }

    /** RFC 8926 Virtual Network Identifier of the outermost GENEVE header. */
    public int geneveVni() {
        return (tunnels & TUNNEL_GENEVE) != 0 ? geneveVni : -1;
    }

    /** Protocol Type of the outermost GRE header (an EtherType). */
    public int greProtocol() {
        return (tunnels & TUNNEL_GRE) != 0 ? greProtocol : -1;
    }

    /** Version of the outermost GRE header: 0 (RFC 2784) or 1 (PPTP's enhanced GRE, RFC 2637). */
    public int greVersion() {
        return (tunnels & TUNNEL_GRE) != 0 ? greVersion : -1;
    }

    /** RFC 2890 Key of the outermost GRE header (version 0), -1 when absent. */
    public long greKey() {
        return (tunnels & TUNNEL_GRE) != 0 ? greKey : -1;
    }

    /** RFC 2890 Sequence Number of the outermost GRE header, -1 when absent. */
    public long greSequence() {
        return (tunnels & TUNNEL_GRE) != 0 ? greSequence : -1;
    }

    /** ERSPAN version of the outermost ERSPAN header: 1 (type II) or 2 (type III); 0 for type I, which has none. */
    public int erspanVersion() {
        return (tunnels & TUNNEL_ERSPAN) != 0 ? erspanVersion : -1;
    }

    /** ERSPAN session id, -1 for type I (no header) or no ERSPAN. */
    public int erspanSpanId() {
        return (tunnels & TUNNEL_ERSPAN) != 0 ? erspanSpanId : -1;
    }

    /** RFC 3032 label of the outermost (top) MPLS label stack entry. */
    public int mplsLabel() {
        return (tunnels & TUNNEL_MPLS) != 0 ? mplsLabel : -1;
    }

    /** TTL of the top MPLS label stack entry. */
    public int mplsTtl() {
        return (tunnels & TUNNEL_MPLS) != 0 ? mplsTtl : -1;
    }

    /** Entries in the outermost MPLS label stack. */
    public int mplsLabelCount() {
        return (tunnels & TUNNEL_MPLS) != 0 ? mplsLabels : 0;
    }

    /** RFC 2516 PPPoE session id (discovery or session stage). */
    public int pppoeSession() {
        return (tunnels & TUNNEL_PPPOE) != 0 ? pppoeSession : -1;
    }

    /** PPP protocol field of a PPP link (DLT_PPP, DLT_PPP_SERIAL) or a PPPoE session, -1 if none. */
    public int pppProtocol() {
        return (tunnels & LINK_PPP) != 0 ? pppProtocol : -1;
    }

    /** Cisco HDLC protocol field (an EtherType) of a C-HDLC link, -1 if none. */
    public int chdlcProtocol() {
        return (tunnels & LINK_CHDLC) != 0 ? chdlcProtocol : -1;
    }

    /** Q.922 DLCI of a Frame Relay link, -1 if none. */
    public int frameRelayDlci() {
        return (tunnels & LINK_FRELAY) != 0 ? frameRelayDlci : -1;
    }

    /** The link type a PKTAP header announced for the packet it wraps, -1 if none. */
    public int pktapDlt() {
        return (tunnels & LINK_PKTAP) != 0 ? pktapDlt : -1;
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
