package org.unveil.synth.frame;

import org.unveil.capture.decode.InternetChecksum;

/**
 * Builds one Ethernet/IPv4/TCP-or-UDP frame at a time in a single reused array. The caller writes headers and
 * payload at fixed offsets, then {@link #finish} fills in lengths and checksums, which depend on all of it.
 * Nothing is allocated per frame.
 */
public final class FrameBuilder {
    public static final int PROTO_TCP = 6;
    public static final int PROTO_UDP = 17;
    public static final int IP_AT = 14;
    /** Where the TCP or UDP header starts. */
    public static final int L4_AT = IP_AT + 20;
    /** Where TCP options start. */
    public static final int TCP_OPTIONS_AT = L4_AT + 20;
    /** Where a UDP payload starts. */
    public static final int UDP_PAYLOAD_AT = L4_AT + 8;
    /** Room for a full 1500-byte IP packet and its Ethernet header. */
    public static final int MAX_FRAME = 1514;

    private final byte[] frame = new byte[MAX_FRAME];
    private int protocol;

    /** The frame being built; valid up to the length {@link #finish} returns. */
    public byte[] bytes() {
        return frame;
    }

    /** Ethernet II and the IPv4 header but its total length and checksum. */
    public void ipv4(long sourceMac, long destinationMac, int source, int destination, int ttl, int identification,
            boolean dontFragment, int protocol) {
        put48(0, destinationMac);
        put48(6, sourceMac);
        put16(12, 0x0800);
        frame[IP_AT] = 0x45;
        frame[IP_AT + 1] = 0;
        put16(IP_AT + 4, identification);
        put16(IP_AT + 6, dontFragment ? 0x4000 : 0);
        frame[IP_AT + 8] = (byte) ttl;
        frame[IP_AT + 9] = (byte) protocol;
        put32(IP_AT + 12, source);
        put32(IP_AT + 16, destination);
        this.protocol = protocol;
    }

    /** The fixed TCP header; {@code optionsLength} bytes of options are (or will be) at {@link #TCP_OPTIONS_AT}. */
    public void tcp(int sourcePort, int destinationPort, long sequence, long acknowledgment, int flags, int window,
            int optionsLength) {
        put16(L4_AT, sourcePort);
        put16(L4_AT + 2, destinationPort);
        put32(L4_AT + 4, (int) sequence);
        put32(L4_AT + 8, (int) acknowledgment);
        put16(L4_AT + 12, ((20 + optionsLength) >> 2) << 12 | flags);
        put16(L4_AT + 14, window);
        put16(L4_AT + 18, 0);
    }

    public void udp(int sourcePort, int destinationPort) {
        put16(L4_AT, sourcePort);
        put16(L4_AT + 2, destinationPort);
    }

    /**
     * Completes the frame whose transport segment (header, options, payload) is {@code segmentLength} bytes.
     *
     * @return the frame length
     */
    public int finish(int segmentLength) {
        put16(IP_AT + 2, 20 + segmentLength);
        put16(IP_AT + 10, 0);
        put16(IP_AT + 10, InternetChecksum.finish(InternetChecksum.sum(frame, IP_AT, 20)));
        int checksumAt = L4_AT + (protocol == PROTO_TCP ? 16 : 6);
        if (protocol == PROTO_UDP) {
            put16(L4_AT + 4, segmentLength);
        }
        put16(checksumAt, 0);
        long pseudo = InternetChecksum.sum(frame, IP_AT + 12, 8) + protocol + segmentLength;
        int checksum = InternetChecksum.finish(pseudo + InternetChecksum.sum(frame, L4_AT, segmentLength));
        // RFC 768: a computed zero goes out as all ones, since zero means "no checksum"
        put16(checksumAt, checksum == 0 && protocol == PROTO_UDP ? 0xFFFF : checksum);
        return L4_AT + segmentLength;
    }

    public void put16(int at, int value) {
        frame[at] = (byte) (value >>> 8);
        frame[at + 1] = (byte) value;
    }

    public void put32(int at, int value) {
        put16(at, value >>> 16);
        put16(at + 2, value);
    }

    private void put48(int at, long value) {
        put16(at, (int) (value >>> 32));
        put32(at + 2, (int) value);
    }
}
