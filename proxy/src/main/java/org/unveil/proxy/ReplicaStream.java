package org.unveil.proxy;

import java.io.ByteArrayOutputStream;
import java.util.Map;
import java.util.TreeMap;

/**
 * One direction of a replicated connection on the backup node: the bytes it was sent (or copied from the wire),
 * by stream offset, from the first byte its destination has not yet acknowledged. Pieces may overlap (a
 * retransmitted segment, or the same bytes from the link and from a copy); they are the same bytes.
 */
final class ReplicaStream {
    private final TreeMap<Long, byte[]> pieces = new TreeMap<>();
    long acked;
    /** The offset of the source's FIN, once seen; -1 before. */
    long finAt = -1;

    void add(long offset, byte[] bytes) {
        end = Math.max(end, offset + bytes.length);
        if (offset + bytes.length <= acked) {
            return;
        }
        byte[] old = pieces.get(offset);
        if (old == null || old.length < bytes.length) {
            pieces.put(offset, bytes);
        }
    }

    /** The destination has acknowledged every byte before {@code offset}: they need not be kept. */
    void acknowledged(long offset) {
        if (offset <= acked) {
            return;
        }
        acked = offset;
        while (!pieces.isEmpty()) {
            Map.Entry<Long, byte[]> first = pieces.firstEntry();
            if (first.getKey() + first.getValue().length > offset) {
                break;
            }
            pieces.pollFirstEntry();
        }
    }

    /** The highest offset a piece reached (the link's pieces arrive in order). */
    long end;

    /** The bytes from {@code from} on, as far as they run without a gap. */
    byte[] contiguous(long from) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        long cursor = from;
        for (Map.Entry<Long, byte[]> e : pieces.entrySet()) {
            long start = e.getKey();
            byte[] b = e.getValue();
            if (start > cursor) {
                break;
            }
            long end = start + b.length;
            if (end > cursor) {
                out.write(b, (int) (cursor - start), (int) (end - cursor));
                cursor = end;
            }
        }
        return out.toByteArray();
    }

    long bytesHeld() {
        long n = 0;
        for (byte[] b : pieces.values()) {
            n += b.length;
        }
        return n;
    }
}
