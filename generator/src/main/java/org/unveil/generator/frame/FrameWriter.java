package org.unveil.generator.frame;

import org.unveil.capture.decode.InternetChecksum;

/**
 * Builds one Ethernet frame at a time in a single reusable array: Ethernet II (optionally 802.1Q-tagged),
 * IPv4 or IPv6, then a transport header the caller writes, and finally the lengths and checksums, which
 * depend on everything before them. Every generator (bench, synth) writes its frames here; nothing is
 * allocated per frame.
 */
public final class FrameWriter {
    public static final int PROTO_ICMP = 1;
    public static final int PROTO_TCP = 6;
    public static final int PROTO_UDP = 17;
    public static final int PROTO_ICMPV6 = 58;
    public static final int IPV4_HEADER = 20;
    public static final int IPV6_HEADER = 40;
    /** Largest frame the generator writes: a tagged 1518-byte frame, with room to spare. */
    public static final int MAX_FRAME = 2048;
    /** Where the transport header of an untagged IPv4 frame starts. */
    public static final int IPV4_L4 = 14 + IPV4_HEADER;
    /** Where the options of a TCP segment in an untagged IPv4 frame start. */
    public static final int IPV4_TCP_OPTIONS = IPV4_L4 + 20;
    /** Where the payload of a UDP datagram in an untagged IPv4 frame starts. */
    public static final int IPV4_UDP_PAYLOAD = IPV4_L4 + 8;

    /** The frame being built; valid up to the length {@link #finish} returns. */
    public final byte[] frame = new byte[MAX_FRAME];
    private int ipAt;
    private boolean v6;
    private int length;

    /** Writes the link header; returns the offset of the transport header that follows the IP header. */
    public int ethernet(long destinationMac, long sourceMac, int vlan, boolean ipv6) {
        put48(0, destinationMac);
        put48(6, sourceMac);
        int at = 12;
        if (vlan >= 0) {
            put16(12, 0x8100);
            put16(14, vlan);
            at = 16;
        }
        put16(at, ipv6 ? 0x86DD : 0x0800);
        ipAt = at + 2;
        v6 = ipv6;
        return ipAt + (ipv6 ? IPV6_HEADER : IPV4_HEADER);
    }

    /** The IPv4 header but its total length and checksum, which {@link #finish} fills in. */
    public void ipv4(int source, int destination, int ttl, int identification, int protocol, boolean dontFragment) {
        int at = ipAt;
        frame[at] = 0x45;
        frame[at + 1] = 0;
        put16(at + 4, identification);
        put16(at + 6, dontFragment ? 0x4000 : 0);
        frame[at + 8] = (byte) ttl;
        frame[at + 9] = (byte) protocol;
        put32(at + 12, source);
        put32(at + 16, destination);
    }

    /** The IPv6 header but its payload length. */
    public void ipv6(long sourceHigh, long sourceLow, long destinationHigh, long destinationLow, int hopLimit,
            int flowLabel, int nextHeader) {
        int at = ipAt;
        put32(at, 0x6000_0000 | (flowLabel & 0xFFFFF));
        frame[at + 6] = (byte) nextHeader;
        frame[at + 7] = (byte) hopLimit;
        put64(at + 8, sourceHigh);
        put64(at + 16, sourceLow);
        put64(at + 24, destinationHigh);
        put64(at + 32, destinationLow);
    }

    /** The fixed TCP header; options, when any, are already at {@code at + 20}. */
    public void tcp(int at, int sourcePort, int destinationPort, long sequence, long acknowledgment, int flags,
            int window, int optionsLength) {
        put16(at, sourcePort);
        put16(at + 2, destinationPort);
        put32(at + 4, (int) sequence);
        put32(at + 8, (int) acknowledgment);
        put16(at + 12, (((20 + optionsLength) / 4) << 12) | flags);
        put16(at + 14, window);
        put16(at + 18, 0);
    }

    /** The UDP header; {@code length} counts header and payload. */
    public void udp(int at, int sourcePort, int destinationPort, int length) {
        put16(at, sourcePort);
        put16(at + 2, destinationPort);
        put16(at + 4, length);
    }

    /**
     * Completes the frame once its transport segment of {@code segmentLength} bytes is written: IP lengths,
     * the IPv4 header checksum and the transport checksum at {@code checksumField} in the segment.
     *
     * @return the frame length
     */
    public int finish(int segmentLength, int protocol, int checksumField) {
        long pseudo;
        int l4;
        if (v6) {
            l4 = ipAt + IPV6_HEADER;
            put16(ipAt + 4, segmentLength);
            pseudo = InternetChecksum.sum(frame, ipAt + 8, 32) + segmentLength + protocol;
        } else {
            l4 = ipAt + IPV4_HEADER;
            put16(ipAt + 2, IPV4_HEADER + segmentLength);
            put16(ipAt + 10, 0);
            put16(ipAt + 10, InternetChecksum.finish(InternetChecksum.sum(frame, ipAt, IPV4_HEADER)));
            // ICMPv4, unlike ICMPv6, TCP and UDP, sums no pseudo-header
            pseudo = protocol == PROTO_ICMP ? 0 : InternetChecksum.sum(frame, ipAt + 12, 8) + segmentLength + protocol;
        }
        put16(l4 + checksumField, 0);
        int checksum = InternetChecksum.finish(pseudo + InternetChecksum.sum(frame, l4, segmentLength));
        if (checksum == 0 && protocol == PROTO_UDP) {
            checksum = 0xFFFF; // RFC 768: zero means "no checksum"
        }
        put16(l4 + checksumField, checksum);
        length = l4 + segmentLength;
        return length;
    }

    /** The length of the frame {@link #finish} completed last. */
    public int length() {
        return length;
    }

    public void put16(int at, int value) {
        Bytes.put16(frame, at, value);
    }

    public void put32(int at, int value) {
        Bytes.put32(frame, at, value);
    }

    public void put48(int at, long value) {
        put16(at, (int) (value >>> 32));
        put32(at + 2, (int) value);
    }

    public void put64(int at, long value) {
        Bytes.put64(frame, at, value);
    }
}
