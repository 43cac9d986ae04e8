package org.unveil.capture;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Writes a pcapng file block by block (draft-ietf-opsawg-pcapng): sections in either byte order, interfaces
 * with if_tsresol and if_tsoffset, packet blocks of the three kinds and the blocks a reader must skip. It
 * remembers the {@link Frame}s a reader must deliver, computed from the fields written.
 */
public final class PcapngBuilder {
    public static final int SHB = 0x0A0D0D0A;
    public static final int IDB = 1;
    public static final int OPB = 2;
    public static final int SPB = 3;
    public static final int NRB = 4;
    public static final int ISB = 5;
    public static final int EPB = 6;
    public static final int DSB = 0x0A;
    public static final int CUSTOM = 0x00000BAD;
    public static final int CUSTOM_NO_COPY = 0x40000BAD;

    /** if_tsresol values: a power of ten, or with the top bit set a power of two. */
    public static final int RESOL_MICROS = 6;
    public static final int RESOL_NANOS = 9;
    public static final int RESOL_MILLIS = 3;
    public static final int RESOL_BINARY_20 = 0x80 | 20;

    private record Iface(int linkType, int snaplen, BigInteger unitsPerSecond, long offsetSeconds) {
    }

    private final CaptureBytes out = new CaptureBytes(ByteOrder.LITTLE_ENDIAN);
    private final List<Iface> interfaces = new ArrayList<>();
    private final List<Frame> frames = new ArrayList<>();

    /** Starts a section (a Section Header Block) in {@code order}; interface ids start again at 0. */
    public PcapngBuilder section(ByteOrder order) {
        out.order(order);
        interfaces.clear();
        CaptureBytes body = new CaptureBytes(order);
        body.u32(0x1A2B3C4D).u16(1).u16(0).u64(-1L); // byte-order magic, version 1.0, section length unknown
        body.u16(4).u16(5).raw("tests".getBytes(StandardCharsets.US_ASCII)).pad4().u16(0).u16(0); // shb_hardware
        return block(SHB, body);
    }

    /** An interface with the default resolution (microseconds) and no offset; returns its id. */
    public int iface(int linkType, int snaplen) {
        return iface(linkType, snaplen, null, 0);
    }

    /**
     * An Interface Description Block; returns the interface id.
     *
     * @param tsresol if_tsresol byte, or null to leave the option out (10^-6)
     * @param offsetSeconds if_tsoffset, written only when not 0
     */
    public int iface(int linkType, int snaplen, Integer tsresol, long offsetSeconds) {
        CaptureBytes body = new CaptureBytes(out.order());
        body.u16(linkType).u16(0).u32(snaplen);
        body.u16(2).u16(4).raw("eth0".getBytes(StandardCharsets.US_ASCII)); // if_name first, as dumpcap does
        BigInteger units = BigInteger.TEN.pow(6);
        if (tsresol != null) {
            body.u16(9).u16(1).u8(tsresol).pad4();
            units = (tsresol & 0x80) != 0 ? BigInteger.TWO.pow(tsresol & 0x7F) : BigInteger.TEN.pow(tsresol);
        }
        if (offsetSeconds != 0) {
            body.u16(14).u16(8).u64(offsetSeconds);
        }
        body.u16(0).u16(0);
        block(IDB, body);
        interfaces.add(new Iface(linkType, snaplen, units, offsetSeconds));
        return interfaces.size() - 1;
    }

    /**
     * An Interface Description Block of 16 bytes, too short for its fields: a reader must report it and
     * still count it, so that the interfaces after it keep their ids. Returns its id.
     */
    public int truncatedIface() {
        block(IDB, 4);
        interfaces.add(new Iface(-1, 0, BigInteger.TEN.pow(6), 0));
        return interfaces.size() - 1;
    }

    /** An Enhanced Packet Block holding all of {@code data}. */
    public PcapngBuilder epb(int iface, long timestamp, byte[] data) {
        return epb(iface, timestamp, data, data.length, false);
    }

    /**
     * An Enhanced Packet Block; {@code timestamp} is in units of the interface's resolution.
     *
     * @param withOptions adds opt_comment and epb_flags after the (padded) packet data
     */
    public PcapngBuilder epb(int iface, long timestamp, byte[] data, int originalLength, boolean withOptions) {
        CaptureBytes body = new CaptureBytes(out.order());
        body.u32(iface).u32(timestamp >>> 32).u32(timestamp).u32(data.length).u32(originalLength).raw(data).pad4();
        if (withOptions) {
            body.u16(1).u16(7).raw("comment".getBytes(StandardCharsets.US_ASCII)).pad4();
            body.u16(2).u16(4).u32(1); // epb_flags: inbound
            body.u16(0).u16(0);
        }
        expect(iface, timestamp, data, data.length, originalLength);
        return block(EPB, body);
    }

    /**
     * An Enhanced Packet Block naming an interface the section may not declare: written as it is, not
     * expected among the frames.
     *
     * @return the block's offset
     */
    public long strayEpb(int iface, long timestamp, byte[] data) {
        long at = out.length();
        CaptureBytes body = new CaptureBytes(out.order());
        body.u32(iface).u32(timestamp >>> 32).u32(timestamp).u32(data.length).u32(data.length).raw(data).pad4();
        block(EPB, body);
        return at;
    }

    /** An obsolete Packet Block (interface id and drops count as 16-bit fields). */
    public PcapngBuilder opb(int iface, long timestamp, byte[] data, int originalLength) {
        CaptureBytes body = new CaptureBytes(out.order());
        body.u16(iface).u16(0).u32(timestamp >>> 32).u32(timestamp).u32(data.length).u32(originalLength).raw(data)
                .pad4();
        expect(iface, timestamp, data, data.length, originalLength);
        return block(OPB, body);
    }

    /**
     * A Simple Packet Block: interface 0, no timestamp (0), captured length implied as the smallest of the
     * original length, the interface's snaplen (when not 0) and the room the block holds. Before any
     * interface it is written but not expected.
     */
    public PcapngBuilder spb(byte[] data, int originalLength) {
        CaptureBytes body = new CaptureBytes(out.order());
        body.u32(originalLength).raw(data).pad4();
        if (interfaces.isEmpty()) {
            return block(SPB, body); // names no interface: a reader must skip it
        }
        int room = body.length() - 4;
        int snaplen = interfaces.getFirst().snaplen();
        int captured = Math.min(originalLength, room);
        if (snaplen != 0) {
            captured = Math.min(captured, snaplen);
        }
        byte[] kept = Arrays.copyOf(body.toArray(), 4 + captured);
        kept = Arrays.copyOfRange(kept, 4, kept.length);
        frames.add(Frame.expected(frames.size() + 1, 0, captured, originalLength, interfaces.getFirst().linkType(),
                0, out.length(), kept));
        return block(SPB, body);
    }

    /** A Name Resolution Block with one IPv4 record. */
    public PcapngBuilder nrb() {
        CaptureBytes body = new CaptureBytes(out.order());
        body.u16(1).u16(4 + 10).u8(192).u8(0).u8(2).u8(1).raw("host.test\0".getBytes(StandardCharsets.US_ASCII))
                .pad4();
        body.u16(0).u16(0); // nrb_record_end
        return block(NRB, body);
    }

    /** An Interface Statistics Block with isb_ifrecv. */
    public PcapngBuilder isb(int iface, long timestamp) {
        CaptureBytes body = new CaptureBytes(out.order());
        body.u32(iface).u32(timestamp >>> 32).u32(timestamp);
        body.u16(4).u16(8).u64(12345).u16(0).u16(0);
        return block(ISB, body);
    }

    /** A Decryption Secrets Block holding a TLS key log line. */
    public PcapngBuilder dsb() {
        byte[] secret = "CLIENT_RANDOM 00 11\n".getBytes(StandardCharsets.US_ASCII);
        CaptureBytes body = new CaptureBytes(out.order());
        body.u32(0x544c534b).u32(secret.length).raw(secret).pad4();
        return block(DSB, body);
    }

    /** A custom block ({@link #CUSTOM} or {@link #CUSTOM_NO_COPY}): private enterprise number, then data. */
    public PcapngBuilder custom(int type) {
        CaptureBytes body = new CaptureBytes(out.order());
        body.u32(32473).raw(Payloads.pattern(9, 7)).pad4();
        return block(type, body);
    }

    /** A block of any type with a body of {@code bodyLength} pattern bytes (padded). */
    public PcapngBuilder block(int type, int bodyLength) {
        CaptureBytes body = new CaptureBytes(out.order());
        body.raw(Payloads.pattern(bodyLength, type)).pad4();
        return block(type, body);
    }

    private PcapngBuilder block(int type, CaptureBytes body) {
        int length = 12 + body.length();
        out.u32(type).u32(length).raw(body.toArray()).u32(length);
        return this;
    }

    private void expect(int iface, long timestamp, byte[] data, int captured, int original) {
        Iface i = interfaces.get(iface);
        BigInteger nanos = new BigInteger(Long.toUnsignedString(timestamp)).multiply(BigInteger.TEN.pow(9))
                .divide(i.unitsPerSecond()).add(BigInteger.valueOf(i.offsetSeconds()).multiply(BigInteger.TEN.pow(9)));
        // a reader clamps what 64-bit nanoseconds cannot hold (before 1677, after 2262) to the nearest end
        long clamped = nanos.max(BigInteger.valueOf(Long.MIN_VALUE)).min(BigInteger.valueOf(Long.MAX_VALUE)).longValue();
        frames.add(Frame.expected(frames.size() + 1, clamped, captured, original, i.linkType(), iface, out.length(),
                data));
    }

    /** Overwrites a 32-bit field at {@code at} in the current byte order (to damage a block on purpose). */
    public PcapngBuilder overwrite(long at, long value) {
        out.setU32((int) at, value);
        return this;
    }

    /** Drops the most recently expected frame (its block was damaged on purpose). */
    public PcapngBuilder forgetLastFrame() {
        frames.removeLast();
        return this;
    }

    /** Where the next block will start. */
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
