package org.unveil.stream.capture;

import java.lang.foreign.MemorySegment;
import java.util.Comparator;
import org.unveil.capture.Packet;

/**
 * One packet as a part's task read it, to be decoded again where its address is inferred: its place in the input
 * (file, part, position in the part), the record's header fields and its captured bytes.
 */
public record CapturedPacket(int file, int part, long seq, long number, long nanos, int linkType, int interfaceId,
        long fileOffset, int originalLength, byte[] data) {
    /** Capture order: files in order, each file's parts in order, each part's records in order. */
    public static final Comparator<CapturedPacket> INPUT_ORDER = Comparator.comparingInt(CapturedPacket::file)
            .thenComparingInt(CapturedPacket::part).thenComparingLong(CapturedPacket::seq);

    /** Points {@code packet} at this packet's bytes. */
    void into(Packet packet) {
        packet.set(number, nanos, linkType, interfaceId, fileOffset, MemorySegment.ofArray(data), 0, data.length,
                originalLength);
    }
}
