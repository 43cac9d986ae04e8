package org.unveil.capture.pcapng;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.unveil.capture.Packet;
import org.unveil.capture.PacketWriter;

/**
 * Writes packets to a pcapng file (draft-ietf-opsawg-pcapng): one section whose header names Unveil and carries
 * a comment (the command that chose the packets), one Interface Description Block per link type met, with
 * if_tsresol 9 so that timestamps keep their nanoseconds, and an Enhanced Packet Block per packet. Unlike pcap,
 * one file holds packets of several link types. pcapng's timestamps count up from 1970, so a packet from before
 * goes to a second interface of its link type whose if_tsoffset moves its epoch back (to 1677, the start of what
 * 64-bit nanoseconds reach); a packet longer than the snaplen is cut to it, as a capture would have cut it, its
 * length on the wire kept.
 */
public final class PcapngWriter implements PacketWriter {
    private static final int SHB_USERAPPL = 4;
    private static final int OPT_COMMENT = 1;
    private static final int NANOSECONDS = 9;
    private static final int IF_TSOFFSET = 14;
    /** A comment is a note, not a payload: at most this many bytes of it are kept. */
    static final int MAX_COMMENT = 2048;
    /** The epoch of the interfaces for packets before 1970, in seconds before it (the most a reader can add). */
    private static final long EARLY_EPOCH_SECONDS = Long.MAX_VALUE / 1_000_000_000L;
    private static final long EARLY_EPOCH_NANOS = EARLY_EPOCH_SECONDS * 1_000_000_000L;

    private final OutputStream out;
    private final int snaplen;
    private final ByteBuffer block = ByteBuffer.allocate(64).order(ByteOrder.LITTLE_ENDIAN);
    // link type of each interface id, in the order written; for an early interface (epoch 1677), -1 - link type
    private int[] interfaces = new int[0];
    private byte[] copy = new byte[1 << 16];
    private long written;

    /** Writes the section header at once, so that even a file without packets is a valid capture. */
    public PcapngWriter(OutputStream out, int snaplen, String comment) throws IOException {
        this.out = out instanceof BufferedOutputStream ? out : new BufferedOutputStream(out, 1 << 16);
        this.snaplen = snaplen;
        byte[] options = options(SHB_USERAPPL, "Unveil", OPT_COMMENT, comment);
        ByteBuffer shb = ByteBuffer.allocate(28 + options.length).order(ByteOrder.LITTLE_ENDIAN);
        shb.putInt(PcapngReader.SECTION_HEADER).putInt(shb.capacity()).putInt(PcapngReader.BYTE_ORDER_MAGIC)
                .putShort((short) 1).putShort((short) 0).putLong(-1) // section length not given
                .put(options).putInt(shb.capacity());
        this.out.write(shb.array());
    }

    /** Writes one packet (its interface described first if it is the first of its kind), cut to the snaplen. */
    @Override
    public void write(Packet packet) throws IOException {
        long nanos = packet.timestampNanos();
        boolean early = nanos < 0;
        int id = interfaceFor(early ? -1 - packet.linkType() : packet.linkType());
        if (early) {
            // counted from the early interface's epoch; only the first 0.85 s of 1677 lie before even that
            nanos = Math.max(0, nanos + EARLY_EPOCH_NANOS);
        }
        int length = snaplen > 0 ? Math.min(packet.capturedLength(), snaplen) : packet.capturedLength();
        int padded = (length + 3) & ~3;
        block.clear();
        block.putInt(PcapngReader.ENHANCED_PACKET).putInt(32 + padded).putInt(id).putInt((int) (nanos >>> 32))
                .putInt((int) nanos).putInt(length).putInt(packet.originalLength());
        out.write(block.array(), 0, block.position());
        if (padded > copy.length) {
            copy = new byte[padded];
        }
        MemorySegment.copy(packet.buffer(), ValueLayout.JAVA_BYTE, packet.offset(), copy, 0, length);
        Arrays.fill(copy, length, padded, (byte) 0);
        out.write(copy, 0, padded);
        block.clear();
        block.putInt(32 + padded);
        out.write(block.array(), 0, 4);
        written++;
    }

    /** The interface of this kind (a link type, or -1 - link type for one before 1970), described once. */
    private int interfaceFor(int kind) throws IOException {
        for (int i = 0; i < interfaces.length; i++) {
            if (interfaces[i] == kind) {
                return i;
            }
        }
        interfaces = Arrays.copyOf(interfaces, interfaces.length + 1);
        interfaces[interfaces.length - 1] = kind;
        boolean early = kind < 0;
        int linkType = early ? -1 - kind : kind;
        int length = early ? 44 : 32;
        block.clear();
        // link type, reserved, snaplen, then if_tsresol (one byte, padded to four), if_tsoffset for an early
        // interface, and the end of options
        block.putInt(PcapngReader.INTERFACE_DESCRIPTION).putInt(length).putShort((short) linkType)
                .putShort((short) 0).putInt(snaplen).putShort((short) PcapngReader.IF_TSRESOL).putShort((short) 1)
                .putInt(NANOSECONDS);
        if (early) {
            block.putShort((short) IF_TSOFFSET).putShort((short) 8).putLong(-EARLY_EPOCH_SECONDS);
        }
        block.putInt(PcapngReader.OPT_END).putInt(length);
        out.write(block.array(), 0, block.position());
        return interfaces.length - 1;
    }

    /** Text options (code, value, …) padded to four bytes each, and the end of options; null values left out. */
    private static byte[] options(Object... codesAndValues) {
        ByteBuffer b = ByteBuffer.allocate(4096).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < codesAndValues.length; i += 2) {
            if (codesAndValues[i + 1] == null) {
                continue;
            }
            byte[] value = utf8Prefix((String) codesAndValues[i + 1], MAX_COMMENT);
            b.putShort((short) (int) (Integer) codesAndValues[i]).putShort((short) value.length).put(value);
            b.position((b.position() + 3) & ~3);
        }
        b.putInt(PcapngReader.OPT_END);
        return Arrays.copyOf(b.array(), b.position());
    }

    /**
     * The UTF-8 bytes of {@code text}, at most {@code max} of them, cut before a character rather than inside one:
     * a pcapng option's text must be valid UTF-8.
     */
    static byte[] utf8Prefix(String text, int max) {
        byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
        if (utf8.length <= max) {
            return utf8;
        }
        int cut = max;
        while (cut > 0 && (utf8[cut] & 0xC0) == 0x80) {
            cut--; // utf8[cut] continues a character that starts before it
        }
        return Arrays.copyOf(utf8, cut);
    }

    /** Packets written so far. */
    @Override
    public long packetsWritten() {
        return written;
    }

    /** Pushes what is buffered to the stream, leaving it open. */
    @Override
    public void flush() throws IOException {
        out.flush();
    }

    /** Flushes and closes the stream. */
    @Override
    public void close() throws IOException {
        out.close();
    }
}
