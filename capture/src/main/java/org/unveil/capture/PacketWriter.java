package org.unveil.capture;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Locale;
import org.unveil.capture.pcap.PcapWriter;
import org.unveil.capture.pcapng.PcapngWriter;

/** Writes packets to a capture file, keeping their timestamps and lengths: pcap or pcapng. */
public interface PacketWriter extends AutoCloseable {
    /** Writes one packet: its timestamp, lengths and bytes. */
    void write(Packet packet) throws IOException;

    /** Packets written so far. */
    long packetsWritten();

    /** Pushes what is buffered to the stream, leaving it open. */
    void flush() throws IOException;

    /** Flushes and closes the stream. */
    @Override
    void close() throws IOException;

    /** Whether a file of this name is written as pcapng (it ends in .pcapng or .ntar, any case); else pcap. */
    static boolean isPcapng(String fileName) {
        String name = fileName.toLowerCase(Locale.ROOT);
        return name.endsWith(".pcapng") || name.endsWith(".ntar");
    }

    /**
     * A writer for a file of this name: pcapng (with {@code comment} in its section header) or nanosecond pcap,
     * whose one link type is {@code linkType}.
     */
    static PacketWriter open(OutputStream out, String fileName, int linkType, int snaplen, String comment)
            throws IOException {
        return isPcapng(fileName) ? new PcapngWriter(out, snaplen, comment) : new PcapWriter(out, linkType, snaplen);
    }
}
