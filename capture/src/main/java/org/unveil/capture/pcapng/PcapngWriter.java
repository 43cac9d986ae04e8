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
 * one file holds packets of several link types.
 */
public final class PcapngWriter implements PacketWriter {
    private static final int SHB_USERAPPL = 4;
    private static final int OPT_COMMENT = 1;
    private static final int NANOSECONDS = 9;

    private final OutputStream out;
    private final int snaplen;
    private final ByteBuffer block = ByteBuffer.allocate(64).order(ByteOrder.LITTLE_ENDIAN);
    private int[] interfaces = new int[0]; // link type of each interface id, in the order written
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

    @Override
    public void write(Packet packet) throws IOException {
        int id = interfaceFor(packet.linkType());
        int length = packet.capturedLength();
        int padded = (length + 3) & ~3;
        long nanos = packet.timestampNanos();
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

    /** The interface of this link type, described (once) before its first packet. */
    private int interfaceFor(int linkType) throws IOException {
        for (int i = 0; i < interfaces.length; i++) {
            if (interfaces[i] == linkType) {
                return i;
            }
        }
        interfaces = Arrays.copyOf(interfaces, interfaces.length + 1);
        interfaces[interfaces.length - 1] = linkType;
        block.clear();
        // link type, reserved, snaplen, then if_tsresol (one byte, padded to four) and the end of options
        block.putInt(PcapngReader.INTERFACE_DESCRIPTION).putInt(32).putShort((short) linkType).putShort((short) 0)
                .putInt(snaplen).putShort((short) PcapngReader.IF_TSRESOL).putShort((short) 1)
                .putInt(NANOSECONDS).putInt(PcapngReader.OPT_END).putInt(32);
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
            byte[] value = ((String) codesAndValues[i + 1]).getBytes(StandardCharsets.UTF_8);
            value = Arrays.copyOf(value, Math.min(value.length, 2048)); // a comment, not a payload
            b.putShort((short) (int) (Integer) codesAndValues[i]).putShort((short) value.length).put(value);
            b.position((b.position() + 3) & ~3);
        }
        b.putInt(PcapngReader.OPT_END);
        return Arrays.copyOf(b.array(), b.position());
    }

    @Override
    public long packetsWritten() {
        return written;
    }

    @Override
    public void flush() throws IOException {
        out.flush();
    }

    @Override
    public void close() throws IOException {
        out.close();
    }
}
