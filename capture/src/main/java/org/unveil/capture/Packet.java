package org.unveil.capture;

import java.lang.foreign.MemorySegment;

/**
 * One captured record as a reader hands it out: metadata plus where its bytes are. Readers reuse one
 * instance for every packet, so the bytes and fields are valid only until the next call to
 * {@link CaptureReader#next(Packet)}.
 */
public final class Packet {
    private long number;
    private long timestampNanos;
    private int capturedLength;
    private int originalLength;
    private int linkType;
    private int interfaceId;
    private long fileOffset;
    private MemorySegment buffer = MemorySegment.NULL;
    private long offset;

    /** 1-based position of the packet in its capture, as tshark's frame.number. */
    public long number() {
        return number;
    }

    /** Nanoseconds since the Unix epoch. */
    public long timestampNanos() {
        return timestampNanos;
    }

    public int capturedLength() {
        return capturedLength;
    }

    public int originalLength() {
        return originalLength;
    }

    /** True when the capture kept fewer bytes than were on the wire (snaplen). */
    public boolean truncated() {
        return capturedLength < originalLength;
    }

    /** LINKTYPE_* value of the interface the packet was captured on. */
    public int linkType() {
        return linkType;
    }

    public int interfaceId() {
        return interfaceId;
    }

    /** Offset in the (uncompressed) input of the record holding this packet. */
    public long fileOffset() {
        return fileOffset;
    }

    /** The segment holding the packet's bytes, starting at {@link #offset()}. */
    public MemorySegment buffer() {
        return buffer;
    }

    public long offset() {
        return offset;
    }

    /** Points this packet at the bytes of a record; called by readers once per packet. */
    public void set(long number, long timestampNanos, int linkType, int interfaceId, long fileOffset,
            MemorySegment buffer, long offset, int capturedLength, int originalLength) {
        this.number = number;
        this.timestampNanos = timestampNanos;
        this.linkType = linkType;
        this.interfaceId = interfaceId;
        this.fileOffset = fileOffset;
        this.buffer = buffer;
        this.offset = offset;
        this.capturedLength = capturedLength;
        this.originalLength = originalLength;
    }

    /** A whole packet held in {@code bytes}, as tests and generators build them. */
    public static Packet of(int linkType, long timestampNanos, byte[] bytes) {
        Packet p = new Packet();
        p.set(1, timestampNanos, linkType, 0, 0, MemorySegment.ofArray(bytes), 0, bytes.length, bytes.length);
        return p;
    }

    /** A copy of the packet's bytes, for the rare caller that must keep them. */
    public byte[] copyBytes() {
        return buffer.asSlice(offset, capturedLength).toArray(java.lang.foreign.ValueLayout.JAVA_BYTE);
    }
}
