package org.unveil.plot.hosts;

import java.util.Arrays;

/**
 * Per-packet plot points in primitive columns, evenly decimated: it keeps one packet in {@link #stride()}, chosen
 * by a hash of its packet number ({@link #kept}), and doubles the stride (dropping the kept points the doubled
 * stride does not choose, about half) whenever it would outgrow its cap, so a capture of any size costs at most
 * {@code cap} points and the kept ones stay spread over the whole capture. Chosen by number, not by position among
 * the packets offered: a sample of an address's 20 packets at stride 8 would otherwise keep its 1st, 9th and 17th,
 * and a million such samples draw three bands across the capture and nothing between them.
 */
public final class PointSample {
    /** Marks a value the packet did not carry (IPv6 has no IPID, UDP no TSval). */
    public static final long NONE = -1;
    /** Where the hash keeps next to nothing: the stride stops doubling there. */
    static final int MAX_STRIDE = 1 << 30;

    private final int cap;
    private long offered;
    private int stride = 1;
    private int size;
    private long[] number = new long[2];
    private long[] nanos = new long[2];
    private long[] ipid = new long[2];
    private long[] tsval = new long[2];
    private long[] sport = new long[2];
    private long[] ttl = new long[2];
    private int[] flow = new int[2];
    // two points to start with: a report over a million addresses keeps a sample per address, most of them small

    public PointSample(int cap) {
        if (cap < 2) {
            throw new IllegalArgumentException("a sample needs room for at least 2 points, not " + cap);
        }
        this.cap = cap;
    }

    /** Offers one packet; it is kept when the stride chooses its number. */
    void offer(long packetNumber, long timeNanos, long ipidValue, long tsvalValue, long sportValue, long ttlValue,
            int flowIndex) {
        offered++;
        if (!kept(packetNumber, stride)) {
            return;
        }
        while (size == cap && stride < MAX_STRIDE) {
            halve();
        }
        if (!kept(packetNumber, stride) || size == cap) {
            return;
        }
        if (size == number.length) {
            grow(Math.min(cap, Math.max(16, size * 2)));
        }
        number[size] = packetNumber;
        nanos[size] = timeNanos;
        ipid[size] = ipidValue;
        tsval[size] = tsvalValue;
        sport[size] = sportValue;
        ttl[size] = ttlValue;
        flow[size] = flowIndex;
        size++;
    }

    /** Doubles the stride, keeping the points it still chooses: a subset of those kept, about half. */
    void halve() {
        int kept = 0;
        for (int i = 0; i < size; i++) {
            if (!kept(number[i], stride * 2)) {
                continue;
            }
            number[kept] = number[i];
            nanos[kept] = nanos[i];
            ipid[kept] = ipid[i];
            tsval[kept] = tsval[i];
            sport[kept] = sport[i];
            ttl[kept] = ttl[i];
            flow[kept] = flow[i];
            kept++;
        }
        size = kept;
        stride *= 2;
    }

    /**
     * Whether the packet numbered {@code number} is one of those a stride of {@code stride} (a power of two)
     * keeps: the top log2(stride) bits of a multiplicative hash of the number are zero. One packet in
     * {@code stride}, spread evenly over consecutive numbers, and one kept at a stride is kept at every smaller one.
     */
    static boolean kept(long number, int stride) {
        if (stride <= 1) {
            return true;
        }
        int bits = Integer.numberOfTrailingZeros(stride);
        return (number * 0x9E3779B97F4A7C15L) >>> (64 - bits) == 0;
    }

    private void grow(int length) {
        number = Arrays.copyOf(number, length);
        nanos = Arrays.copyOf(nanos, length);
        ipid = Arrays.copyOf(ipid, length);
        tsval = Arrays.copyOf(tsval, length);
        sport = Arrays.copyOf(sport, length);
        ttl = Arrays.copyOf(ttl, length);
        flow = Arrays.copyOf(flow, length);
    }

    /** Points kept. */
    public int size() {
        return size;
    }

    /** Packets offered (after filtering), kept or not. */
    public long offered() {
        return offered;
    }

    /** One kept point per this many packets offered. */
    public int stride() {
        return stride;
    }

    /** The packet's number in the whole run, from 1, counting every packet read. */
    public long number(int i) {
        return number[i];
    }

    public long nanos(int i) {
        return nanos[i];
    }

    /** The value the y axis plots, or {@link #NONE}. */
    public long value(YAxis axis, int i) {
        return switch (axis) {
            case IPID -> ipid[i];
            case TSVAL -> tsval[i];
            case SPORT -> sport[i];
            case TTL -> ttl[i];
        };
    }

    /** The index of the packet's flow among the collector's flows. */
    public int flow(int i) {
        return flow[i];
    }
}
