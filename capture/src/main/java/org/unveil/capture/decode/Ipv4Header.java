package org.unveil.capture.decode;

import static org.unveil.capture.decode.NetworkBytes.i32;
import static org.unveil.capture.decode.NetworkBytes.u16;
import static org.unveil.capture.decode.NetworkBytes.u8;

import java.lang.foreign.MemorySegment;

/** A view of an IPv4 header (RFC 791 section 3.1) over captured bytes; fields are read when asked for. */
public final class Ipv4Header {
    static final int MIN_LENGTH = 20;
    static final int OFF_VERSION_IHL = 0;
    static final int OFF_TOS = 1;
    static final int OFF_TOTAL_LENGTH = 2;
    static final int OFF_IDENTIFICATION = 4;
    static final int OFF_FLAGS_FRAGMENT = 6;
    static final int OFF_TTL = 8;
    static final int OFF_PROTOCOL = 9;
    static final int OFF_CHECKSUM = 10;
    static final int OFF_SOURCE = 12;
    static final int OFF_DESTINATION = 16;
    static final int FLAG_DF = 0x4000;
    static final int FLAG_MF = 0x2000;
    static final int FRAGMENT_MASK = 0x1FFF;

    private MemorySegment segment = MemorySegment.NULL;
    private long offset;
    private int available;

    /**
     * Points the view at {@code available} captured bytes from {@code offset}.
     *
     * @return false if they cannot hold a version-4 header with its options
     */
    public boolean wrap(MemorySegment segment, long offset, int available) {
        this.segment = segment;
        this.offset = offset;
        this.available = available;
        if (available < MIN_LENGTH || (u8(segment, offset) >> 4) != 4) {
            return false;
        }
        int headerLength = headerLength();
        return headerLength >= MIN_LENGTH && headerLength <= available;
    }

    public int headerLength() {
        return (u8(segment, offset + OFF_VERSION_IHL) & 0x0F) * 4;
    }

    public int typeOfService() {
        return u8(segment, offset + OFF_TOS);
    }

    public int totalLength() {
        return u16(segment, offset + OFF_TOTAL_LENGTH);
    }

    /** The IPID, the counter Bellovin's NAT counting follows. */
    public int identification() {
        return u16(segment, offset + OFF_IDENTIFICATION);
    }

    public boolean dontFragment() {
        return (u16(segment, offset + OFF_FLAGS_FRAGMENT) & FLAG_DF) != 0;
    }

    public boolean moreFragments() {
        return (u16(segment, offset + OFF_FLAGS_FRAGMENT) & FLAG_MF) != 0;
    }

    /** Fragment offset in bytes. */
    public int fragmentOffset() {
        return (u16(segment, offset + OFF_FLAGS_FRAGMENT) & FRAGMENT_MASK) * 8;
    }

    public boolean isFragment() {
        return (u16(segment, offset + OFF_FLAGS_FRAGMENT) & (FLAG_MF | FRAGMENT_MASK)) != 0;
    }

    public int ttl() {
        return u8(segment, offset + OFF_TTL);
    }

    public int protocol() {
        return u8(segment, offset + OFF_PROTOCOL);
    }

    public int checksum() {
        return u16(segment, offset + OFF_CHECKSUM);
    }

    /** Source address as a big-endian int (a.b.c.d is a&lt;&lt;24 | ...). */
    public int source() {
        return i32(segment, offset + OFF_SOURCE);
    }

    public int destination() {
        return i32(segment, offset + OFF_DESTINATION);
    }

    public int optionsLength() {
        return headerLength() - MIN_LENGTH;
    }

    /** Offset of the payload (the transport header) in the segment. */
    public long payloadOffset() {
        return offset + headerLength();
    }

    /** Payload bytes that were captured: bounded by the total length (dropping link padding) and the capture. */
    public int capturedPayloadLength() {
        // a total length of 0 is what segmentation offload leaves in captures: trust the capture then
        int total = totalLength() == 0 ? available : totalLength();
        int byTotal = total - headerLength();
        int byCapture = available - headerLength();
        return Math.max(0, Math.min(byTotal, byCapture));
    }

    /** Payload length the header claims (total length less the header). */
    public int payloadLength() {
        return Math.max(0, totalLength() - headerLength());
    }

    public MemorySegment segment() {
        return segment;
    }

    public long offset() {
        return offset;
    }
}
