package org.unveil.capture.decode;

import static org.unveil.capture.decode.NetworkBytes.u16;
import static org.unveil.capture.decode.NetworkBytes.u8;

import java.lang.foreign.MemorySegment;

/**
 * A view of an ICMP (RFC 792) or ICMPv6 (RFC 4443) message header. Error messages quote the offending
 * packet's IP header after the first 8 bytes; {@link #quotedOffset()} says where.
 */
public final class IcmpHeader {
    static final int LENGTH = 8;

    private MemorySegment segment = MemorySegment.NULL;
    private long offset;
    private int available;
    private boolean version6;

    /** @return false if the captured bytes cannot hold the 8-byte header */
    public boolean wrap(MemorySegment segment, long offset, int available, boolean version6) {
        this.segment = segment;
        this.offset = offset;
        this.available = available;
        this.version6 = version6;
        return available >= LENGTH;
    }

    public boolean isVersion6() {
        return version6;
    }

    public int type() {
        return u8(segment, offset);
    }

    public int code() {
        return u8(segment, offset + 1);
    }

    public int checksum() {
        return u16(segment, offset + 2);
    }

    /** Identifier of echo messages. */
    public int identifier() {
        return u16(segment, offset + 4);
    }

    /** Sequence number of echo messages. */
    public int sequence() {
        return u16(segment, offset + 6);
    }

    /** True for the error types that quote the packet that caused them. */
    public boolean isError() {
        int type = type();
        if (version6) {
            return type >= 1 && type <= 4; // unreachable, too big, time exceeded, parameter problem
        }
        return type == 3 || type == 4 || type == 5 || type == 11 || type == 12;
    }

    public long quotedOffset() {
        return offset + LENGTH;
    }

    public int quotedLength() {
        return Math.max(0, available - LENGTH);
    }
}
