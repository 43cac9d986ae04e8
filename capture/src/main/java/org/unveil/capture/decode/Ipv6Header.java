package org.unveil.capture.decode;

import static org.unveil.capture.decode.NetworkBytes.i64;
import static org.unveil.capture.decode.NetworkBytes.u16;
import static org.unveil.capture.decode.NetworkBytes.u32;
import static org.unveil.capture.decode.NetworkBytes.u8;

import java.lang.foreign.MemorySegment;

/**
 * A view of an IPv6 header (RFC 8200 section 3) and its extension header chain (section 4), walked once on
 * {@link #wrap} to find the upper-layer protocol and any fragment header.
 */
public final class Ipv6Header {
    static final int LENGTH = 40;
    static final int OFF_PAYLOAD_LENGTH = 4;
    static final int OFF_NEXT_HEADER = 6;
    static final int OFF_HOP_LIMIT = 7;
    static final int OFF_SOURCE = 8;
    static final int OFF_DESTINATION = 24;

    public static final int HOP_BY_HOP = 0;
    public static final int ROUTING = 43;
    public static final int FRAGMENT = 44;
    public static final int ESP = 50;
    public static final int AUTHENTICATION = 51;
    public static final int NO_NEXT_HEADER = 59;
    public static final int DESTINATION_OPTIONS = 60;
    public static final int MOBILITY = 135;
    public static final int HIP = 139;
    public static final int SHIM6 = 140;
    /** Extension headers followed in one packet at most; a loop of headers is damage. */
    private static final int MAX_EXTENSIONS = 16;

    private MemorySegment segment = MemorySegment.NULL;
    private long offset;
    private int available;
    private int upperProtocol;
    private long upperOffset;
    private int extensionCount;
    private long fragmentHeader = -1;
    private boolean extensionsTruncated;

    /**
     * Points the view at captured bytes and walks the extension headers.
     *
     * @return false if the bytes cannot hold a version-6 header
     */
    public boolean wrap(MemorySegment segment, long offset, int available) {
        this.segment = segment;
        this.offset = offset;
        this.available = available;
        this.fragmentHeader = -1;
        this.extensionCount = 0;
        this.extensionsTruncated = false;
        if (available < LENGTH || (u8(segment, offset) >> 4) != 6) {
            return false;
        }
        walkExtensions();
        return true;
    }

    private void walkExtensions() {
        int next = u8(segment, offset + OFF_NEXT_HEADER);
        long at = offset + LENGTH;
        long end = offset + available;
        boolean laterFragment = false;
        while (isExtension(next) && extensionCount < MAX_EXTENSIONS && at + 8 <= end) {
            int headerLength;
            if (next == FRAGMENT) {
                fragmentHeader = at;
                headerLength = 8;
            } else if (next == AUTHENTICATION) {
                headerLength = (u8(segment, at + 1) + 2) * 4; // RFC 4302 section 2.2: in 4-octet units
            } else {
                headerLength = (u8(segment, at + 1) + 1) * 8;
            }
            next = u8(segment, at);
            at += headerLength;
            extensionCount++;
            if (fragmentHeader >= 0 && fragmentOffset() != 0) {
                laterFragment = true;
                break; // a later fragment: what follows is payload, not headers
            }
        }
        // the last header ran past the capture, or the next one was not captured whole
        extensionsTruncated = at > end
                || (!laterFragment && isExtension(next) && extensionCount < MAX_EXTENSIONS && at + 8 > end);
        upperProtocol = next;
        upperOffset = Math.min(at, end);
    }

    private static boolean isExtension(int next) {
        return switch (next) {
            case HOP_BY_HOP, ROUTING, FRAGMENT, AUTHENTICATION, DESTINATION_OPTIONS, MOBILITY, HIP, SHIM6 -> true;
            default -> false;
        };
    }

    public int trafficClass() {
        return (u16(segment, offset) >> 4) & 0xFF;
    }

    public int flowLabel() {
        return (int) (u32(segment, offset) & 0xFFFFF);
    }

    public int payloadLength() {
        return u16(segment, offset + OFF_PAYLOAD_LENGTH);
    }

    /** The Next Header field of the fixed header. */
    public int nextHeader() {
        return u8(segment, offset + OFF_NEXT_HEADER);
    }

    public int hopLimit() {
        return u8(segment, offset + OFF_HOP_LIMIT);
    }

    public long sourceHigh() {
        return i64(segment, offset + OFF_SOURCE);
    }

    public long sourceLow() {
        return i64(segment, offset + OFF_SOURCE + 8);
    }

    public long destinationHigh() {
        return i64(segment, offset + OFF_DESTINATION);
    }

    public long destinationLow() {
        return i64(segment, offset + OFF_DESTINATION + 8);
    }

    /**
     * The protocol after the extension headers (TCP 6, UDP 17, ICMPv6 58, ...); when
     * {@link #extensionsTruncated()}, the last Next Header value read.
     */
    public int upperProtocol() {
        return upperProtocol;
    }

    /** Offset of the upper-layer header in the segment. */
    public long upperOffset() {
        return upperOffset;
    }

    /** Captured bytes from the upper-layer header on, bounded by the payload length (jumbograms aside). */
    public int capturedUpperLength() {
        long claimedEnd = payloadLength() == 0 ? offset + available : offset + LENGTH + payloadLength();
        long end = Math.min(offset + available, claimedEnd);
        return (int) Math.max(0, end - upperOffset);
    }

    public int extensionCount() {
        return extensionCount;
    }

    /** True when the capture ended inside the extension header chain, so the upper layer was not reached. */
    public boolean extensionsTruncated() {
        return extensionsTruncated;
    }

    public boolean hasFragmentHeader() {
        return fragmentHeader >= 0;
    }

    /** Fragment offset in bytes, 0 when there is no fragment header. */
    public int fragmentOffset() {
        return fragmentHeader < 0 ? 0 : u16(segment, fragmentHeader + 2) & ~7;
    }

    public boolean moreFragments() {
        return fragmentHeader >= 0 && (u16(segment, fragmentHeader + 2) & 1) != 0;
    }

    public long fragmentIdentification() {
        return fragmentHeader < 0 ? 0 : u32(segment, fragmentHeader + 4);
    }

    public MemorySegment segment() {
        return segment;
    }

    public long offset() {
        return offset;
    }
}
