package org.unveil.capture.summary;

import java.util.Arrays;
import org.unveil.capture.Packet;
import org.unveil.capture.decode.PacketLayers;

/** What `unveil info` reports about a capture: packet and byte counts, time span, damage counts. */
public final class CaptureSummary {
    private long packets;
    private long capturedBytes;
    private long wireBytes;
    private long firstNanos = Long.MAX_VALUE;
    private long lastNanos = Long.MIN_VALUE;
    private long truncated;
    private long undecodable;
    private int[] linkTypes = new int[0];
    private long[] linkTypePackets = new long[0];

    public void add(Packet packet, PacketLayers layers) {
        packets++;
        capturedBytes += packet.capturedLength();
        wireBytes += packet.originalLength();
        long ts = packet.timestampNanos();
        firstNanos = Math.min(firstNanos, ts);
        lastNanos = Math.max(lastNanos, ts);
        if (packet.truncated()) {
            truncated++;
        }
        if (layers.undecodable()) {
            undecodable++;
        }
        countLinkType(packet.linkType(), 1);
    }

    private void countLinkType(int linkType, long count) {
        for (int i = 0; i < linkTypes.length; i++) {
            if (linkTypes[i] == linkType) {
                linkTypePackets[i] += count;
                return;
            }
        }
        linkTypes = Arrays.copyOf(linkTypes, linkTypes.length + 1);
        linkTypePackets = Arrays.copyOf(linkTypePackets, linkTypePackets.length + 1);
        linkTypes[linkTypes.length - 1] = linkType;
        linkTypePackets[linkTypePackets.length - 1] = count;
    }

    /** Adds the counts of a summary of another part of the same input. */
    public void merge(CaptureSummary other) {
        packets += other.packets;
        capturedBytes += other.capturedBytes;
        wireBytes += other.wireBytes;
        firstNanos = Math.min(firstNanos, other.firstNanos);
        lastNanos = Math.max(lastNanos, other.lastNanos);
        truncated += other.truncated;
        undecodable += other.undecodable;
        for (int i = 0; i < other.linkTypes.length; i++) {
            countLinkType(other.linkTypes[i], other.linkTypePackets[i]);
        }
    }

    public long packets() {
        return packets;
    }

    public long capturedBytes() {
        return capturedBytes;
    }

    public long wireBytes() {
        return wireBytes;
    }

    /** Earliest timestamp in nanoseconds, or -1 without packets. */
    public long firstNanos() {
        return packets == 0 ? -1 : firstNanos;
    }

    public long lastNanos() {
        return packets == 0 ? -1 : lastNanos;
    }

    public long durationNanos() {
        return packets == 0 ? 0 : lastNanos - firstNanos;
    }

    /** Packets captured with fewer bytes than were on the wire. */
    public long truncated() {
        return truncated;
    }

    /** Packets of an unknown link type or with malformed headers. */
    public long undecodable() {
        return undecodable;
    }

    /** Link types that carried packets, in order of first appearance. */
    public int[] linkTypes() {
        return linkTypes.clone();
    }

    public long packetsOfLinkType(int linkType) {
        for (int i = 0; i < linkTypes.length; i++) {
            if (linkTypes[i] == linkType) {
                return linkTypePackets[i];
            }
        }
        return 0;
    }
}
