package org.unveil.capture.decode;

import static org.unveil.capture.decode.NetworkBytes.u16;

import java.lang.foreign.MemorySegment;

/** A view of a UDP header (RFC 768). */
public final class UdpHeader {
    static final int LENGTH = 8;

    private MemorySegment segment = MemorySegment.NULL;
    private long offset;
    private int available;

    /** @return false if the captured bytes cannot hold the header */
    public boolean wrap(MemorySegment segment, long offset, int available) {
        this.segment = segment;
        this.offset = offset;
        this.available = available;
        return available >= LENGTH;
    }

    public int sourcePort() {
        return u16(segment, offset);
    }

    public int destinationPort() {
        return u16(segment, offset + 2);
    }

    /** The length field: header plus data. */
    public int length() {
        return u16(segment, offset + 4);
    }

    public int checksum() {
        return u16(segment, offset + 6);
    }

    public long payloadOffset() {
        return offset + LENGTH;
    }

    /** Captured payload bytes, bounded by the length field. */
    public int payloadLength() {
        int claimed = length() >= LENGTH ? length() - LENGTH : available - LENGTH;
        return Math.max(0, Math.min(claimed, available - LENGTH));
    }
}
