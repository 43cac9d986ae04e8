package org.unveil.capture.fields;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Locale;
import org.unveil.capture.Packet;
import org.unveil.capture.decode.HttpHead;
import org.unveil.capture.decode.HttpHeader;
import org.unveil.capture.decode.Ipv4Header;
import org.unveil.capture.decode.Ipv6Header;
import org.unveil.capture.decode.PacketLayers;
import org.unveil.capture.decode.TlsClientHello;
import org.unveil.capture.flow.IpAddresses;

/**
 * The per-packet fields `unveil packets` prints. Names are tshark's where tshark has the field, and
 * values are written the way `tshark -T fields` writes them (IPID and flags in hex, epoch time with nine
 * decimals), so output can be compared or swapped. A field absent from a packet writes nothing.
 *
 * <p>Tunnels: tshark writes a field once per header, comma-separated ("10.0.0.1,192.168.1.5" for a
 * packet in VXLAN); Unveil writes one value. The ip.*, ipv6.*, tcp.* and udp.* fields are the innermost
 * header of their kind — tshark's last value — so ip.src is the inner packet's source; the tunnels' own
 * fields (vxlan.vni, gre.key, mpls.label, ...) are the outermost header of their kind, tshark's first
 * value (for an MPLS label stack, the top label). Where the inner packet is IPv6 in an IPv4 tunnel,
 * ip.* still show the IPv4 carrier and ipv6.* the inner packet, as tshark does; flows, hosts and traces
 * use the inner packet only. The ip.* fields of an ICMP error are the error's own header, not the one it
 * quotes (tshark lists both).
 */
public enum PacketField {
    FRAME_NUMBER("frame.number", true),
    FRAME_TIME_EPOCH("frame.time_epoch", true),
    FRAME_LEN("frame.len", true),
    FRAME_CAP_LEN("frame.cap_len", true),
    IP_SRC("ip.src", false),
    IP_DST("ip.dst", false),
    IP_PROTO("ip.proto", true),
    IP_ID("ip.id", false),
    IP_TTL("ip.ttl", true),
    IP_FLAGS_DF("ip.flags.df", true),
    IPV6_SRC("ipv6.src", false),
    IPV6_DST("ipv6.dst", false),
    IPV6_NXT("ipv6.nxt", true),
    IPV6_HLIM("ipv6.hlim", true),
    TCP_SRCPORT("tcp.srcport", true),
    TCP_DSTPORT("tcp.dstport", true),
    TCP_FLAGS("tcp.flags", false),
    TCP_SEQ("tcp.seq", true, "tcp.seq_raw"),
    TCP_ACK("tcp.ack", true, "tcp.ack_raw"),
    TCP_WINDOW_SIZE_VALUE("tcp.window_size_value", true),
    TCP_LEN("tcp.len", true),
    TCP_MSS("tcp.mss", true, "tcp.options.mss_val"),
    TCP_WSCALE("tcp.wscale", true, "tcp.options.wscale.shift"),
    TCP_TSVAL("tcp.tsval", true, "tcp.options.timestamp.tsval"),
    TCP_TSECR("tcp.tsecr", true, "tcp.options.timestamp.tsecr"),
    UDP_SRCPORT("udp.srcport", true),
    UDP_DSTPORT("udp.dstport", true),
    ICMP_TYPE("icmp.type", true),
    ICMP_CODE("icmp.code", true),
    ICMPV6_TYPE("icmpv6.type", true),
    ICMPV6_CODE("icmpv6.code", true),
    HTTP_REQUEST_METHOD("http.request.method", false),
    HTTP_REQUEST_URI("http.request.uri", false),
    HTTP_RESPONSE_CODE("http.response.code", true),
    HTTP_HOST("http.host", false),
    HTTP_USER_AGENT("http.user_agent", false),
    HTTP_X_FORWARDED_FOR("http.x_forwarded_for", false),
    HTTP_SERVER("http.server", false),
    TLS_SNI("tls.sni", false, "tls.handshake.extensions_server_name"),
    VXLAN_VNI("vxlan.vni", true),
    GENEVE_VNI("geneve.vni", true),
    GRE_PROTO("gre.proto", false),
    GRE_KEY("gre.key", false),
    GRE_SEQUENCE_NUMBER("gre.sequence_number", true),
    ERSPAN_VERSION("erspan.version", true),
    ERSPAN_SPANID("erspan.spanid", true),
    MPLS_LABEL("mpls.label", true),
    MPLS_TTL("mpls.ttl", true),
    PPPOE_SESSION_ID("pppoe.session_id", false),
    PPP_PROTOCOL("ppp.protocol", false),
    CHDLC_PROTOCOL("chdlc.protocol", false),
    FR_DLCI("fr.dlci", true),
    PKTAP_DLT("pktap.dlt", true);

    /** The fields printed when none are chosen: those of the foundation issue, in its order, and IPv6's addresses. */
    public static final PacketField[] DEFAULTS = {
        FRAME_NUMBER, FRAME_TIME_EPOCH, IP_SRC, IP_DST, IPV6_SRC, IPV6_DST, IP_PROTO, IP_ID, IP_TTL, IP_FLAGS_DF, TCP_SRCPORT,
        TCP_DSTPORT, TCP_FLAGS, TCP_SEQ, TCP_ACK, TCP_WINDOW_SIZE_VALUE, TCP_MSS, TCP_WSCALE, TCP_TSVAL,
        TCP_TSECR, UDP_SRCPORT, UDP_DSTPORT, HTTP_USER_AGENT, HTTP_X_FORWARDED_FOR, HTTP_HOST, TLS_SNI,
    };

    private final String fieldName;
    private final boolean numeric;
    private final String alias;

    PacketField(String fieldName, boolean numeric) {
        this(fieldName, numeric, null);
    }

    PacketField(String fieldName, boolean numeric, String alias) {
        this.fieldName = fieldName;
        this.numeric = numeric;
        this.alias = alias;
    }

    public String fieldName() {
        return fieldName;
    }

    /** tshark's name for the field when it differs from Unveil's short one, else null. */
    public String alias() {
        return alias;
    }

    /** True when every value is a plain decimal number (JSON output writes it unquoted). */
    public boolean numeric() {
        return numeric;
    }

    /** Looks a field up by its name or tshark alias; null if unknown. */
    public static PacketField byName(String name) {
        String wanted = name.trim().toLowerCase(Locale.ROOT);
        for (PacketField f : values()) {
            if (f.fieldName.equals(wanted) || wanted.equals(f.alias)) {
                return f;
            }
        }
        return null;
    }

    /**
     * Appends this field's value for the packet to {@code out}.
     *
     * @return false (appending nothing) when the packet has no such field
     */
    public boolean append(Packet packet, PacketLayers layers, StringBuilder out) {
        Ipv4Header ip4 = layers.lastIpv4();
        Ipv6Header ip6 = layers.lastIpv6();
        return switch (this) {
            case FRAME_NUMBER -> number(out, packet.number());
            case FRAME_TIME_EPOCH -> epoch(out, packet.timestampNanos());
            case FRAME_LEN -> number(out, packet.originalLength());
            case FRAME_CAP_LEN -> number(out, packet.capturedLength());
            // ip.* and ipv6.*: the innermost header of the family (see the class comment)
            case IP_SRC -> ip4 != null && text(out, IpAddresses.ipv4(ip4.source()));
            case IP_DST -> ip4 != null && text(out, IpAddresses.ipv4(ip4.destination()));
            case IP_PROTO -> ip4 != null && number(out, ip4.protocol());
            case IP_ID -> ip4 != null && hex(out, ip4.identification(), 4);
            case IP_TTL -> ip4 != null && number(out, ip4.ttl());
            case IP_FLAGS_DF -> ip4 != null && number(out, ip4.dontFragment() ? 1 : 0);
            case IPV6_SRC -> ip6 != null && text(out, IpAddresses.ipv6(ip6.sourceHigh(), ip6.sourceLow()));
            case IPV6_DST -> ip6 != null && text(out, IpAddresses.ipv6(ip6.destinationHigh(), ip6.destinationLow()));
            case IPV6_NXT -> ip6 != null && number(out, ip6.nextHeader());
            case IPV6_HLIM -> ip6 != null && number(out, ip6.hopLimit());
            case TCP_SRCPORT -> port(layers, PacketLayers.PROTO_TCP, true, out);
            case TCP_DSTPORT -> port(layers, PacketLayers.PROTO_TCP, false, out);
            case TCP_FLAGS -> layers.hasTcp() && hex(out, layers.tcp().flags(), 4);
            case TCP_SEQ -> layers.hasTcp() && number(out, layers.tcp().sequence());
            case TCP_ACK -> layers.hasTcp() && number(out, layers.tcp().acknowledgment());
            case TCP_WINDOW_SIZE_VALUE -> layers.hasTcp() && number(out, layers.tcp().window());
            case TCP_LEN -> layers.hasTcp() && number(out, tcpSegmentLength(packet, layers));
            case TCP_MSS -> layers.hasTcp() && layers.tcp().mss() >= 0 && number(out, layers.tcp().mss());
            case TCP_WSCALE -> layers.hasTcp() && layers.tcp().windowScale() >= 0
                    && number(out, layers.tcp().windowScale());
            case TCP_TSVAL -> layers.hasTcp() && layers.tcp().hasTimestamps() && number(out, layers.tcp().tsval());
            case TCP_TSECR -> layers.hasTcp() && layers.tcp().hasTimestamps() && number(out, layers.tcp().tsecr());
            case UDP_SRCPORT -> port(layers, PacketLayers.PROTO_UDP, true, out);
            case UDP_DSTPORT -> port(layers, PacketLayers.PROTO_UDP, false, out);
            // tshark's icmp.* fields are ICMPv4 only; ICMPv6 has icmpv6.type and icmpv6.code
            case ICMP_TYPE -> layers.hasIcmp() && !layers.icmp().isVersion6() && number(out, layers.icmp().type());
            case ICMP_CODE -> layers.hasIcmp() && !layers.icmp().isVersion6() && number(out, layers.icmp().code());
            case ICMPV6_TYPE -> layers.hasIcmp() && layers.icmp().isVersion6() && number(out, layers.icmp().type());
            case ICMPV6_CODE -> layers.hasIcmp() && layers.icmp().isVersion6() && number(out, layers.icmp().code());
            case HTTP_REQUEST_METHOD -> request(layers) && text(out, layers.http().method());
            case HTTP_REQUEST_URI -> request(layers) && text(out, layers.http().uri());
            case HTTP_RESPONSE_CODE -> layers.http() != null && layers.http().statusCode() >= 0
                    && number(out, layers.http().statusCode());
            case HTTP_HOST -> header(layers, HttpHeader.HOST, out);
            case HTTP_USER_AGENT -> header(layers, HttpHeader.USER_AGENT, out);
            case HTTP_X_FORWARDED_FOR -> header(layers, HttpHeader.X_FORWARDED_FOR, out);
            case HTTP_SERVER -> header(layers, HttpHeader.SERVER, out);
            case TLS_SNI -> sni(layers, out);
            case VXLAN_VNI -> layers.vxlanVni() >= 0 && number(out, layers.vxlanVni());
            case GENEVE_VNI -> layers.geneveVni() >= 0 && hex(out, layers.geneveVni(), 6);
            case GRE_PROTO -> layers.greProtocol() >= 0 && hex(out, layers.greProtocol(), 4);
            case GRE_KEY -> layers.greKey() >= 0 && hex(out, (int) layers.greKey(), 8);
            case GRE_SEQUENCE_NUMBER -> layers.greSequence() >= 0 && number(out, layers.greSequence());
            case ERSPAN_VERSION -> layers.erspanVersion() > 0 && number(out, layers.erspanVersion());
            case ERSPAN_SPANID -> layers.erspanSpanId() >= 0 && number(out, layers.erspanSpanId());
            case MPLS_LABEL -> layers.mplsLabel() >= 0 && number(out, layers.mplsLabel());
            case MPLS_TTL -> layers.mplsTtl() >= 0 && number(out, layers.mplsTtl());
            case PPPOE_SESSION_ID -> layers.pppoeSession() >= 0 && hex(out, layers.pppoeSession(), 4);
            case PPP_PROTOCOL -> layers.pppProtocol() >= 0 && hex(out, layers.pppProtocol(), 4);
            case CHDLC_PROTOCOL -> layers.chdlcProtocol() >= 0 && hex(out, layers.chdlcProtocol(), 4);
            case FR_DLCI -> layers.frameRelayDlci() >= 0 && number(out, layers.frameRelayDlci());
            case PKTAP_DLT -> layers.pktapDlt() >= 0 && number(out, layers.pktapDlt());
        };
    }

    /**
     * A TCP or UDP port: the packet's own, or, in an ICMP error, the quoted packet's (tshark shows the
     * quoted transport header under the same field names), or, for UDP, that of the UDP header that carried
     * a tunnel (VXLAN, GENEVE) whose inner packet has none.
     */
    private static boolean port(PacketLayers layers, int protocol, boolean source, StringBuilder out) {
        if (protocol == PacketLayers.PROTO_TCP ? layers.hasTcp() : layers.hasUdp()) {
            int port = protocol == PacketLayers.PROTO_TCP
                    ? (source ? layers.tcp().sourcePort() : layers.tcp().destinationPort())
                    : (source ? layers.udp().sourcePort() : layers.udp().destinationPort());
            return number(out, port);
        }
        if (layers.protocol() == protocol || layers.quotedProtocol() != protocol || layers.quotedSourcePort() < 0) {
            return protocol == PacketLayers.PROTO_UDP && layers.lastUdp() != null
                    && number(out, source ? layers.udp().sourcePort() : layers.udp().destinationPort());
        }
        return number(out, source ? layers.quotedSourcePort() : layers.quotedDestinationPort());
    }

    /** Bytes of the fixed IPv6 header, before any extension header. */
    private static final int IPV6_HEADER = 40;

    /**
     * tcp.len as tshark computes it: the segment the IP header claims less the TCP header, so a snaplen that
     * cut the payload does not shrink it (and link padding does not grow it). An IP length of 0, as
     * segmentation offload leaves, falls back to the frame's length on the wire.
     */
    private static long tcpSegmentLength(Packet packet, PacketLayers layers) {
        long wireEnd = packet.offset() + packet.originalLength();
        long ipEnd;
        if (layers.ipVersion() == 4) {
            Ipv4Header ip = layers.ipv4();
            ipEnd = ip.totalLength() == 0 ? wireEnd : ip.offset() + ip.totalLength();
        } else {
            Ipv6Header ip = layers.ipv6();
            ipEnd = ip.payloadLength() == 0 ? wireEnd : ip.offset() + IPV6_HEADER + ip.payloadLength();
        }
        // an IP length beyond the frame counts only what was on the wire, as tshark does
        return Math.max(0, Math.min(ipEnd, wireEnd) - layers.tcp().payloadOffset());
    }

    private static boolean request(PacketLayers layers) {
        HttpHead http = layers.http();
        return http != null && http.isRequest();
    }

    private static boolean header(PacketLayers layers, HttpHeader header, StringBuilder out) {
        HttpHead http = layers.http();
        if (http == null || !http.has(header)) {
            return false;
        }
        MemorySegment s = layers.segment();
        long at = http.valueOffset(header);
        int length = http.valueLength(header);
        for (int i = 0; i < length; i++) {
            out.append((char) (s.get(ValueLayout.JAVA_BYTE, at + i) & 0xFF));
        }
        return true;
    }

    private static boolean sni(PacketLayers layers, StringBuilder out) {
        TlsClientHello hello = layers.tlsClientHello();
        String name = hello == null ? null : hello.serverName();
        return name != null && text(out, name);
    }

    private static boolean number(StringBuilder out, long value) {
        out.append(value);
        return true;
    }

    private static boolean text(StringBuilder out, String value) {
        out.append(value);
        return true;
    }

    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private static boolean hex(StringBuilder out, int value, int digits) {
        out.append('0').append('x');
        for (int shift = (digits - 1) * 4; shift >= 0; shift -= 4) {
            out.append(HEX[(value >>> shift) & 0xF]);
        }
        return true;
    }

    /** Seconds since the epoch with nine decimals, as tshark's frame.time_epoch. */
    private static boolean epoch(StringBuilder out, long nanos) {
        long seconds = Math.floorDiv(nanos, 1_000_000_000L);
        long fraction = Math.floorMod(nanos, 1_000_000_000L);
        out.append(seconds).append('.');
        for (long scale = 100_000_000L; scale > 0; scale /= 10) {
            out.append((char) ('0' + (fraction / scale) % 10));
        }
        return true;
    }
}
