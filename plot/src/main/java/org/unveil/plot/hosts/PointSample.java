package org.unveil.plot.hosts;

import java.util.Arrays;

/**
 * Per-packet plot points in primitive columns, evenly decimated: it keeps every {@link #stride()}-th packet
 * offered and doubles the stride (dropping every other kept point) whenever it would outgrow its cap, so a
 * capture of any size costs at most {@code cap} points and the kept ones stay spread over the whole capture.
 */
public final class PointSample {
    /** Marks a value the packet did not carry (IPv6 has no IPID, UDP no TSval). */
    public static final long NONE = -1;

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

    /** Offers one packet; it is kept when it falls on the stride. */
    void offer(long packetNumber, long timeNanos, long ipidValue, long tsvalValue, long sportValue, long ttlValue,
            int flowIndex) {
        if (offered++ % stride != 0) {
            return;
        }
        if (size == cap) {
            halve();
            if ((offered - 1) % stride != 0) {
                return;
            }
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

    /** Keeps the points at even positions, which are exactly the packets on the doubled stride. */
    void halve() {
        int kept = 0;
        for (int i = 0; i < size; i += 2) {
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
