package org.unveil.hosts;

import org.unveil.hosts.evidence.ClockTrack;
import org.unveil.hosts.evidence.IpidTrack;
import org.unveil.hosts.evidence.OsFamily;
import org.unveil.hosts.evidence.OsSignatures;
import org.unveil.hosts.evidence.SynSignature;

/**
 * Everything one flow (one connection, or one UDP conversation) tells about the host that opened it, gathered
 * from the packets that host sent: counters, clocks, signatures and application identity. Filled by
 * {@link EvidenceCollector}; read by the linkers and the clustering.
 */
public final class FlowEvidence {
    final int index;
    final int protocol;
    final String client;
    /** The client address as a 128-bit number (IPv4 as IPv4-mapped), for ordering and address ranges. */
    final long clientHigh;
    final long clientLow;
    final int clientPort;
    final String server;
    final int serverPort;
    long firstNanos;
    long lastNanos;
    /** When the client sent its last packet: the moment of the IPID track's last value. */
    long lastSentNanos;
    long packets;
    long bytes;
    int maxTtl;
    long synSequence = -1;
    int clientPayloads;
    boolean closed;
    /** Written to its {@link FlowSpill}: later packets of its 5-tuple open a new flow. */
    boolean spilled;
    SynSignature syn;
    private OsFamily os;
    IpidTrack ipid;
    ClockTrack clock;
    String userAgent;
    String cookie;
    String tls;
    /** For a flow read back from a {@link FlowSpill}: its IPID track's kind and count (the track is not kept). */
    private IpidTrack.Kind spilledIpidKind;
    private int spilledIpidCount;

    FlowEvidence(int index, int protocol, String client, long clientHigh, long clientLow, int clientPort,
            String server, int serverPort) {
        this.index = index;
        this.protocol = protocol;
        this.client = client;
        this.clientHigh = clientHigh;
        this.clientLow = clientLow;
        this.clientPort = clientPort;
        this.server = server;
        this.serverPort = serverPort;
    }

    public int index() {
        return index;
    }

    public int protocol() {
        return protocol;
    }

    public String client() {
        return client;
    }

    public int clientPort() {
        return clientPort;
    }

    public String server() {
        return server;
    }

    public int serverPort() {
        return serverPort;
    }

    public long firstNanos() {
        return firstNanos;
    }

    public long lastNanos() {
        return lastNanos;
    }

    /** When the client sent its last packet (its IPID track's last value), 0 if it sent none. */
    public long lastSentNanos() {
        return lastSentNanos;
    }

    public long packets() {
        return packets;
    }

    public long bytes() {
        return bytes;
    }

    /** The initial TTL the host's stack used, from the highest TTL its packets arrived with; 0 if none seen. */
    /**
     * Whether the flow goes to a group rather than a host: IGMP, an IPv4 multicast or limited broadcast
     * destination, an IPv6 multicast one. Its TTL is its application's choice.
     */
    public boolean toGroup() {
        if (protocol == 2) {
            return true;
        }
        if (server.indexOf(':') >= 0) {
            return server.regionMatches(true, 0, "ff", 0, 2);
        }
        int dot = server.indexOf('.');
        int first = dot > 0 ? Integer.parseInt(server, 0, dot, 10) : 0;
        return first >= 224 && first <= 239 || server.equals("255.255.255.255");
    }

    /**
     * Whether the flow's TTL is its application's choice rather than its stack's default: flows {@link #toGroup}
     * and a lone ICMP packet (traceroute and probes set their own TTL: torrential-slowness.pcap's host sent one
     * with TTL 2 beside its TTL-128 connections). Such a flow names no TTL or OS of its host.
     */
    public boolean chosenTtl() {
        return toGroup() || protocol == 1 && ipidCount() == 1;
    }

    public int initialTtl() {
        return maxTtl == 0 ? 0 : SynSignature.initialTtl(maxTtl);
    }

    /** The SYN's signature, or null when the capture missed the SYN (or the flow is not TCP). */
    public SynSignature syn() {
        return syn;
    }

    /** The operating system family named by the SYN signature, or null without a SYN. */
    public OsFamily os() {
        if (os == null && syn != null) {
            os = OsSignatures.guess(syn); // asked for by every linker, for every pair it weighs
        }
        return os;
    }

    /** The host's IPIDs in this flow, or null for IPv6 and flows the host sent nothing in. */
    public IpidTrack ipid() {
        return ipid;
    }

    /** What the flow's IPIDs look like, or null where {@link #ipid} is (kept for flows read back from disk). */
    public IpidTrack.Kind ipidKind() {
        return ipid != null ? ipid.kind() : spilledIpidKind;
    }

    /** How many IPIDs the host sent in this flow. */
    public int ipidCount() {
        return ipid != null ? ipid.count() : spilledIpidCount;
    }

    void spilledIpid(IpidTrack.Kind kind, int count) {
        spilledIpidKind = kind;
        spilledIpidCount = count;
    }

    /** The host's TCP timestamp clock in this flow, or null when it sent no timestamps. */
    public ClockTrack clock() {
        return clock;
    }

    public String userAgent() {
        return userAgent;
    }

    /** A short hash of the first Cookie header the host sent (session cookies follow a browser, not an address). */
    public String cookie() {
        return cookie;
    }

    public String tls() {
        return tls;
    }
}
