package org.unveil.hosts.link;

import java.util.List;
import org.unveil.hosts.FlowEvidence;

/**
 * How many IPv4 packets an address sent in a stretch of time, from its flows' packet counts spread evenly over
 * each flow's life (a histogram of at most {@link #MAX_BUCKETS} buckets with prefix sums). At a NAT's public
 * side the capture sees what its hosts send out, so a host's global IPID counter can have advanced between two
 * of its flows by about what the whole address sent between them, not by an assumed rate.
 */
final class SentPackets {
    private static final int MAX_BUCKETS = 4096;
    private final long start;
    private final double width;
    /** cumulative[i]: packets sent before bucket i. */
    private final double[] cumulative;

    SentPackets(List<FlowEvidence> flows) {
        long first = Long.MAX_VALUE;
        long last = Long.MIN_VALUE;
        for (FlowEvidence f : flows) {
            first = Math.min(first, f.firstNanos());
            last = Math.max(last, f.lastNanos());
        }
        int buckets = flows.isEmpty() ? 1 : (int) Math.min(MAX_BUCKETS, 16L * flows.size());
        start = flows.isEmpty() ? 0 : first;
        width = Math.max(1, (double) (flows.isEmpty() ? 1 : last - first + 1) / buckets);
        double[] sent = new double[buckets];
        for (FlowEvidence f : flows) {
            if (f.ipid() == null) {
                continue;
            }
            double a = (f.firstNanos() - start) / width;
            double b = (f.lastNanos() - start) / width;
            int from = Math.min(buckets - 1, (int) a);
            int to = Math.min(buckets - 1, (int) b);
            double each = (double) f.ipid().count() / (to - from + 1);
            for (int i = from; i <= to; i++) {
                sent[i] += each;
            }
        }
        cumulative = new double[buckets + 1];
        for (int i = 0; i < buckets; i++) {
            cumulative[i + 1] = cumulative[i] + sent[i];
        }
    }

    /** Packets sent from {@code fromNanos} to {@code toNanos}, counting whole buckets at both ends (an upper bound). */
    double between(long fromNanos, long toNanos) {
        if (toNanos <= fromNanos) {
            return 0;
        }
        int last = cumulative.length - 1;
        int a = (int) Math.max(0, Math.min(last - 1, (fromNanos - start) / width));
        int b = (int) Math.max(0, Math.min(last - 1, (toNanos - start) / width));
        return cumulative[b + 1] - cumulative[a];
    }

    /**
     * How fast a flow's own values show its host's global counter running on traffic the capture does not see:
     * what the counter advanced over the flow beyond everything the address was seen to send meanwhile, per
     * second (a Windows 7 host's LAN traffic moved its counter by 1,000 in a flow of 32 packets). 0 for a flow
     * under a second, a counter that did not advance, or one that stepped back.
     */
    double unseenRate(FlowEvidence f, int first, int last) {
        if (f.ipid() == null || f.ipid().count() < 2) {
            return 0;
        }
        double seconds = (f.lastSentNanos() - f.firstNanos()) / 1e9;
        int step = (last - first) & 0xFFFF;
        if (seconds < 1 || step >= 0x8000) {
            return 0;
        }
        return Math.max(0, step - between(f.firstNanos(), f.lastSentNanos())) / seconds;
    }
}
