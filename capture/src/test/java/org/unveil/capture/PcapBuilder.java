package org.unveil.capture;

import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes a classic pcap file byte by byte, in either byte order and any of the three record layouts, and
 * remembers what it wrote as the {@link Frame}s a reader must deliver. Damage is written on purpose with
 * {@link #damagedRecord} or by cutting {@link #toArray()} short.
 */
public final class PcapBuilder {

    /** The magic numbers, their record header sizes and the nanoseconds in one unit of the fraction field. */
    public enum Variant {
        MICROS(0xA1B2C3D4, 16, 1000),
        NANOS(0xA1B23C4D, 16, 1),
        /** Kuznetzov's patched libpcap: ifindex (4), protocol (2), pkt_type (1), pad (1) after each header. */
        MODIFIED(0xA1B2CD34, 24, 1000);

        final int magic;
        final int recordHeader;
        final long nanosPerUnit;

        Variant(int magic, int recordHeader, long nanosPerUnit) {
            this.magic = magic;
            this.recordHeader = recordHeader;
            this.nanosPerUnit = nanosPerUnit;
        }

        public int recordHeader() {
            return recordHeader;
        }
    }

    public static final int FILE_HEADER = 24;

    private final CaptureBytes out;
    private final Variant variant;
    private final int linkType;
    private final List<Frame> frames = new ArrayList<>();

    public PcapBuilder(Variant variant, ByteOrder order, int linkType, int snaplen) {
        this(variant, order, linkType, 0, snaplen);
    }

    /** @param upperBits bits 16-31 of the link-type field (FCS length and F flag), OR-ed into the header */
    public PcapBuilder(Variant variant, ByteOrder order, int linkType, int upperBits, int snaplen) {
        this.out = new CaptureBytes(order);
        this.variant = variant;
        this.linkType = linkType;
        out.u32(variant.magic).u16(2).u16(4).u32(0).u32(0).u32(snaplen).u32(upperBits | linkType);
    }

    public static PcapBuilder ethernet(Variant variant, ByteOrder order) {
        return new PcapBuilder(variant, order, LinkType.ETHERNET, 65535);
    }

    /** A whole packet (captured = original length). */
    public PcapBuilder record(long seconds, long fraction, byte[] data) {
        return record(seconds, fraction, data, data.length);
    }

    /** A packet cut to {@code data.length} bytes of {@code originalLength} on the wire. */
    public PcapBuilder record(long seconds, long fraction, byte[] data, int originalLength) {
        long at = out.length();
        header(seconds, fraction, data.length, originalLength);
        out.raw(data);
        frames.add(Frame.expected(frames.size() + 1, seconds * 1_000_000_000L + fraction * variant.nanosPerUnit,
                data.length, originalLength, linkType, 0, at, data));
        return this;
    }

    /**
     * A record whose header claims {@code claimedLength} bytes while {@code data} follows: damage a reader
     * must report and skip. It is not among the expected frames.
     *
     * @return the offset of the damaged record
     */
    public long damagedRecord(long seconds, long fraction, int claimedLength, byte[] data) {
        long at = out.length();
        header(seconds, fraction, claimedLength, data.length);
        out.raw(data);
        return at;
    }

    private void header(long seconds, long fraction, int included, int original) {
        out.u32(seconds).u32(fraction).u32(included).u32(original);
        if (variant == Variant.MODIFIED) {
            out.u32(3).u16(0x0800).u8(0).u8(0); // ifindex 3, protocol IPv4, pkt_type host, pad
        }
    }

    /** Where the next record will start. */
    public long offset() {
        return out.length();
    }

    public byte[] toArray() {
        return out.toArray();
    }

    public List<Frame> frames() {
        return List.copyOf(frames);
    }

    public Path write(Path file) throws IOException {
        return Files.write(file, toArray());
    }
}
