package org.unveil.capture.summary;

import org.unveil.capture.Packet;
import org.unveil.capture.decode.HttpHead;
import org.unveil.capture.decode.HttpHeader;
import org.unveil.capture.decode.IcmpHeader;
import org.unveil.capture.decode.Ipv4Header;
import org.unveil.capture.decode.Ipv6Header;
import org.unveil.capture.decode.PacketLayers;
import org.unveil.capture.decode.TcpHeader;
import org.unveil.capture.decode.TlsClientHello;
import org.unveil.capture.pipeline.PacketSink;

/**
 * Decodes every header Unveil knows in every packet and counts what it found, for `unveil stats`. It
 * also folds every decoded field into an order-independent digest, so a run over parts in parallel can be
 * checked against a sequential run, and so no field read can be optimised away.
 */
public final class ProtocolSummary implements PacketSink {
    /** Read once: {@code values()} copies its array at every call. */
    private static final HttpHeader[] HEADERS = HttpHeader.values();
    private long packets;
    private long bytes;
    private long vlanTagged;
    private long ipv4;
    private long ipv6;
    private long fragments;
    private long tcp;
    private long udp;
    private long icmp;
    private long icmpv6;
    private long otherTransport;
    private long nonIp;
    private long tcpSyn;
    private long tcpTimestamps;
    private long httpRequests;
    private long httpResponses;
    private long tlsClientHellos;
    private long vxlan;
    private long geneve;
    private long gre;
    private long erspan;
    private long mpls;
    private long pppoe;
    private long ipInIp;
    private long truncatedHeaders;
    private long malformed;
    private long unsupportedLink;
    private long digest;

    @Override
    public void add(Packet packet, PacketLayers layers) {
        packets++;
        bytes += packet.capturedLength();
        long d = packet.timestampNanos();
        if (layers.vlanCount() > 0) {
            vlanTagged++;
            d += layers.outerVlanId();
        }
        if (layers.tunnels() != 0) {
            d += tunnels(layers);
        }
        switch (layers.status()) {
            case TRUNCATED -> truncatedHeaders++;
            case MALFORMED -> malformed++;
            case UNSUPPORTED_LINK -> unsupportedLink++;
            default -> { }
        }
        if (layers.ipVersion() == 4) {
            ipv4++;
            Ipv4Header ip = layers.ipv4();
            d += ip.source() + 31L * ip.destination() + ip.identification() + ip.ttl() + ip.typeOfService()
                    + (ip.dontFragment() ? 1 : 0) + ip.totalLength() + ip.checksum();
            if (ip.isFragment()) {
                fragments++;
            }
        } else if (layers.ipVersion() == 6) {
            ipv6++;
            Ipv6Header ip = layers.ipv6();
            d += ip.sourceHigh() ^ ip.sourceLow() ^ ip.destinationHigh() ^ ip.destinationLow();
            d += ip.hopLimit() + ip.flowLabel() + ip.payloadLength() + ip.extensionCount();
            if (ip.hasFragmentHeader()) {
                fragments++;
                d += ip.fragmentIdentification();
            }
        } else {
            nonIp++;
        }
        if (layers.hasTcp()) {
            d += tcp(layers);
        } else if (layers.hasUdp()) {
            udp++;
            d += layers.udp().sourcePort() * 65_537L + layers.udp().destinationPort() + layers.udp().length();
        } else if (layers.hasIcmp()) {
            IcmpHeader header = layers.icmp();
            if (header.isVersion6()) {
                icmpv6++;
            } else {
                icmp++;
            }
            d += header.type() * 256L + header.code() + layers.quotedSourcePort();
        } else if (layers.ipVersion() != 0 && !layers.laterFragment()) {
            otherTransport++;
        }
        digest += mix(d);
    }

    /**
     * Counts a packet's encapsulations and folds their fields into the digest; the IP and transport counts
     * are the inner packet's. Packets that arrived in no tunnel add nothing here, so their digest is as it
     * was before tunnels were decoded.
     */
    private long tunnels(PacketLayers layers) {
        long d = layers.encapsulations() * 1_000_003L;
        if (layers.tunneled(PacketLayers.TUNNEL_VXLAN)) {
            vxlan++;
            d += layers.vxlanVni() * 17L;
        }
        if (layers.tunneled(PacketLayers.TUNNEL_GENEVE)) {
            geneve++;
            d += layers.geneveVni() * 19L;
        }
        if (layers.tunneled(PacketLayers.TUNNEL_GRE)) {
            gre++;
            d += layers.greProtocol() * 23L + layers.greKey() * 29 + layers.greSequence() + layers.greVersion();
        }
        if (layers.tunneled(PacketLayers.TUNNEL_ERSPAN)) {
            erspan++;
            d += layers.erspanSpanId() * 31L + layers.erspanVersion();
        }
        if (layers.tunneled(PacketLayers.TUNNEL_MPLS)) {
            mpls++;
            d += layers.mplsLabel() * 37L + layers.mplsTtl() + layers.mplsLabelCount();
        }
        if (layers.tunneled(PacketLayers.TUNNEL_PPPOE)) {
            pppoe++;
            d += layers.pppoeSession() * 41L;
        }
        if (layers.tunneled(PacketLayers.TUNNEL_IP_IN_IP)) {
            ipInIp++;
        }
        return d;
    }

    private long tcp(PacketLayers layers) {
        tcp++;
        TcpHeader t = layers.tcp();
        long d = t.sourcePort() * 65_537L + t.destinationPort() + t.sequence() * 3 + t.acknowledgment() * 5
                + t.flags() + t.window();
        if (t.isSynOnly()) {
            tcpSyn++;
        }
        d += t.mss() * 7L + t.windowScale() + (t.sackPermitted() ? 1 : 0) + t.sackBlockCount() + t.optionCount();
        if (t.hasTimestamps()) {
            tcpTimestamps++;
            d += t.tsval() * 11 + t.tsecr();
        }
        if (layers.payloadLength() == 0) {
            return d;
        }
        HttpHead http = layers.http();
        if (http != null) {
            if (http.isRequest()) {
                httpRequests++;
            } else {
                httpResponses++;
            }
            for (HttpHeader h : HEADERS) {
                d += http.valueLength(h) * (h.ordinal() + 1L);
            }
            d += http.statusCode();
            return d;
        }
        TlsClientHello hello = layers.tlsClientHello();
        if (hello != null) {
            tlsClientHellos++;
            d += hello.highestVersion() + hello.cipherSuiteCount() * 13L + hello.extensionCount();
            int sni = hello.extensionIndex(TlsClientHello.EXT_SERVER_NAME);
            d += sni;
        }
        return d;
    }

    /** A bijective scramble so the digest (a sum) depends on every field, not just their total. */
    private static long mix(long x) {
        x ^= x >>> 33;
        x *= 0xFF51AFD7ED558CCDL;
        x ^= x >>> 33;
        return x;
    }

    public void merge(ProtocolSummary o) {
        packets += o.packets;
        bytes += o.bytes;
        vlanTagged += o.vlanTagged;
        ipv4 += o.ipv4;
        ipv6 += o.ipv6;
        fragments += o.fragments;
        tcp += o.tcp;
        udp += o.udp;
        icmp += o.icmp;
        icmpv6 += o.icmpv6;
        otherTransport += o.otherTransport;
        nonIp += o.nonIp;
        tcpSyn += o.tcpSyn;
        tcpTimestamps += o.tcpTimestamps;
        httpRequests += o.httpRequests;
        httpResponses += o.httpResponses;
        tlsClientHellos += o.tlsClientHellos;
        vxlan += o.vxlan;
        geneve += o.geneve;
        gre += o.gre;
        erspan += o.erspan;
        mpls += o.mpls;
        pppoe += o.pppoe;
        ipInIp += o.ipInIp;
        truncatedHeaders += o.truncatedHeaders;
        malformed += o.malformed;
        unsupportedLink += o.unsupportedLink;
        digest += o.digest;
    }

    /** The counts by name, in a fixed order, for printing. */
    public java.util.LinkedHashMap<String, Long> counts() {
        var m = new java.util.LinkedHashMap<String, Long>();
        m.put("packets", packets);
        m.put("bytes", bytes);
        m.put("vlanTagged", vlanTagged);
        m.put("ipv4", ipv4);
        m.put("ipv6", ipv6);
        m.put("fragments", fragments);
        m.put("tcp", tcp);
        m.put("udp", udp);
        m.put("icmp", icmp);
        m.put("icmpv6", icmpv6);
        m.put("otherTransport", otherTransport);
        m.put("nonIp", nonIp);
        m.put("tcpSyn", tcpSyn);
        m.put("tcpTimestamps", tcpTimestamps);
        m.put("httpRequests", httpRequests);
        m.put("httpResponses", httpResponses);
        m.put("tlsClientHellos", tlsClientHellos);
        m.put("vxlan", vxlan);
        m.put("geneve", geneve);
        m.put("gre", gre);
        m.put("erspan", erspan);
        m.put("mpls", mpls);
        m.put("pppoe", pppoe);
        m.put("ipInIp", ipInIp);
        m.put("truncatedHeaders", truncatedHeaders);
        m.put("malformed", malformed);
        m.put("unsupportedLink", unsupportedLink);
        return m;
    }

    /** Order-independent digest of every decoded field. */
    public long digest() {
        return digest;
    }

    public long packets() {
        return packets;
    }
}
