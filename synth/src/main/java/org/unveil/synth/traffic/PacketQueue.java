package org.unveil.synth.traffic;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.util.ArrayDeque;
import java.util.Comparator;
import java.util.PriorityQueue;

/**
 * Packets sent but not yet written, ordered by the time the capture point sees them. Jitter and reordering
 * make that order differ from the order of sending; a packet may be written once nothing sent later can be
 * captured before it. Slots are pooled, so the queue allocates only while it grows to its working size.
 */
final class PacketQueue {
    /** One pending packet: a copy of its frame and the flow it belongs to (for its label). */
    static final class Slot {
        long time;
        long order;
        int length;
        Flow flow;
        final byte[] bytes = new byte[SyntheticCapture.MAX_FRAME];
        final MemorySegment segment = MemorySegment.ofArray(bytes);
    }

    /** Receives packets in capture order. */
    interface Sink {
        /** @return false to stop: the output is full */
        boolean write(Slot slot) throws IOException;
    }

    private final PriorityQueue<Slot> pending = new PriorityQueue<>(
            Comparator.comparingLong((Slot s) -> s.time).thenComparingLong(s -> s.order));
    private final ArrayDeque<Slot> free = new ArrayDeque<>();
    private long order;
    private int peak;

    void add(long captureNanos, byte[] frame, int length, Flow flow) {
        Slot s = free.isEmpty() ? new Slot() : free.pop();
        s.time = captureNanos;
        s.order = order++;
        s.length = length;
        s.flow = flow;
        System.arraycopy(frame, 0, s.bytes, 0, length);
        pending.add(s);
        peak = Math.max(peak, pending.size());
    }

    /**
     * Writes every packet captured at or before {@code until}, in order.
     *
     * @return false if the sink stopped
     */
    boolean flush(long until, Sink sink) throws IOException {
        while (!pending.isEmpty() && pending.peek().time <= until) {
            Slot s = pending.poll();
            boolean more = sink.write(s);
            s.flow = null;
            free.push(s);
            if (!more) {
                return false;
            }
        }
        return true;
    }

    /** The most packets ever pending at once: the generator's working set. */
    int peak() {
        return peak;
    }
}
