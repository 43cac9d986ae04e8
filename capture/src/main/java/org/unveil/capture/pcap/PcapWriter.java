package org.unveil.capture.pcap;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Instant;
import java.util.Locale;
import org.unveil.capture.Packet;

/**
 * Writes packets to a nanosecond pcap file, keeping their original timestamps, lengths and link type.
 * pcap holds one link type per file, so a packet of another link type is refused; its seconds are unsigned
 * 32 bits from 1970 (readers take them so), so a packet from before 1970 or after 2106 is refused too, where
 * pcapng (with its if_tsoffset) holds it. A packet longer than the file's snaplen is cut to it, as a capture
 * would have cut it, its original length kept: a record longer than its file's snaplen is one readers may
 * refuse or cut themselves.
 */
public final class PcapWriter implements org.unveil.capture.PacketWriter {
    private final OutputStream out;
    private final int linkType;
    private final int snaplen;
    private final ByteBuffer header = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN);
    private byte[] copy = new byte[PcapReader.STANDARD_MAX_PACKET];
    private long written;

    public PcapWriter(OutputStream out, int linkType, int snaplen) throws IOException {
        this.out = out instanceof BufferedOutputStream ? out : new BufferedOutputStream(out, 1 << 16);
        this.linkType = linkType;
        this.snaplen = snaplen;
        ByteBuffer file = ByteBuffer.allocate(PcapReader.FILE_HEADER).order(ByteOrder.LITTLE_ENDIAN);
        file.putInt(PcapReader.MAGIC_NANOS).putShort((short) 2).putShort((short) 4).putInt(0).putInt(0)
                .putInt(snaplen).putInt(linkType);
        this.out.write(file.array());
    }

    @Override
    public void write(Packet packet) throws IOException {
        if (packet.linkType() != linkType) {
            throw new IllegalArgumentException("packet " + packet.number() + " has link type " + packet.linkType()
                    + ", the file was opened for " + linkType);
        }
        long ts = packet.timestampNanos();
        long seconds = Math.floorDiv(ts, 1_000_000_000L);
        if (seconds < 0 || seconds > 0xFFFF_FFFFL) {
            throw new IllegalArgumentException(String.format(Locale.ROOT, "packet %,d is from %s, outside the years"
                    + " a pcap file's time holds (1970 to 2106); a .pcapng file holds it", packet.number(),
                    Instant.ofEpochSecond(seconds)));
        }
        int length = snaplen > 0 ? Math.min(packet.capturedLength(), snaplen) : packet.capturedLength();
        header.clear();
        header.putInt((int) seconds).putInt((int) Math.floorMod(ts, 1_000_000_000L)).putInt(length)
                .putInt(packet.originalLength());
        out.write(header.array());
        if (length > copy.length) {
            copy = new byte[length];
        }
        MemorySegment.copy(packet.buffer(), ValueLayout.JAVA_BYTE, packet.offset(), copy, 0, length);
        out.write(copy, 0, length);
        written++;
    }

    @Override
    public long packetsWritten() {
        return written;
    }

    public int linkType() {
        return linkType;
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
