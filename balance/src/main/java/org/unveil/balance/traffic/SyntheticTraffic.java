package org.unveil.balance.traffic;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.unveil.generator.stack.Distributions;
import org.unveil.generator.stack.PortAllocator;

/**
 * A seeded flow log shaped like the thesis's University of Canterbury trace (section 12.2.1): a few
 * thousand internal hosts of Zipf-distributed activity, heavy-tailed (Pareto) flow sizes, about 73% of the
 * bytes HTTP and about 55% of outgoing traffic to one external proxy; optionally a SYN flood, one elephant
 * flow and fragments without ports, the cases that hurt address-based balancing most.
 */
public final class SyntheticTraffic {
    /** The external proxy that draws most of the load (a documentation address). */
    public static final long PROXY = FlowCsv.ipv4("198.51.100.80");
    public static final int PROXY_PORT = 8080;
    static final int INTERNAL_HOSTS = 3000;
    /** The original model's fastest flow, a 2000-era path (about 50 KB/s). */
    static final double MAX_FLOW_RATE = 50_000;
    /** Clients' source ports, the same for every internal stack (a flow log shows no stack). */
    private static final PortAllocator EPHEMERAL = new PortAllocator.Random(1024, 65534);

    /** What to add to the plain university mix. */
    public record Options(double seconds, double flowsPerSecond, boolean synFlood, boolean elephant,
            boolean fragments) {
        /** The thesis's 15-minute window at the original model's rate, about its 126 MB. */
        public static final Options UNIVERSITY = new Options(900, 28, false, false, false);

        /** The thesis's 15-minute window with {@code model}'s own flow rate. */
        public static Options university(TraceModel model) {
            return new Options(900, model.flowsPerSecond(), false, false, false);
        }
    }

    private final Random random;
    private final Options options;
    private final TraceModel model;
    private final double[] zipfCumulative;

    /** The {@link TraceModel#ORIGINAL} trace (the speed benchmark and older figures use it). */
    public SyntheticTraffic(long seed, Options options) {
        this(seed, options, TraceModel.ORIGINAL);
    }

    public SyntheticTraffic(long seed, Options options, TraceModel model) {
        this.random = new Random(seed);
        this.options = options;
        this.model = model;
        this.zipfCumulative = zipf(INTERNAL_HOSTS, model.zipfExponent());
    }

    private static double[] zipf(int n, double s) {
        double[] c = new double[n];
        double sum = 0;
        for (int k = 1; k <= n; k++) {
            sum += 1 / Math.pow(k, s);
            c[k - 1] = sum;
        }
        for (int k = 0; k < n; k++) {
            c[k] /= sum;
        }
        return c;
    }

    /** Generates the whole log, in order of start time. */
    public List<FlowRecord> flows() {
        List<FlowRecord> flows = new ArrayList<>();
        long end = (long) (options.seconds() * 1e9);
        long start = 1_000_000_000L * 964_483_200L; // 25 July 2000, the thesis's trace day
        double meanGap = 1e9 / options.flowsPerSecond();
        for (long t = 0; t < end; t += (long) Distributions.exponential(random, meanGap)) {
            FlowRecord flow = clip(ordinary(start + t), start + end);
            if (model.lookupShare() > 0 && (flow.destinationPort() == 80 || flow.destinationPort() == PROXY_PORT
                    || flow.destinationPort() == 443) && random.nextDouble() < model.lookupShare()) {
                flows.add(lookup(flow.startNanos() - 1_000_000L, flow.source(), ephemeralPort()));
            }
            flows.add(flow);
        }
        if (options.elephant()) {
            flows.add(new FlowRecord(start + end / 4, end / 2, 6, internalHost(), ephemeralPort(),
                    FlowCsv.ipv4("203.0.113.200"), 443, 200_000, 150_000_000L));
        }
        if (options.synFlood()) {
            synFlood(flows, start + end / 2, Math.min(start + end, start + end / 2 + 60_000_000_000L));
        }
        if (options.fragments()) {
            for (long t = 0; t < end; t += 2_000_000_000L) {
                flows.add(new FlowRecord(start + t, 10_000_000L, 17, FlowCsv.ipv4("203.0.113.9"), 0,
                        internalHost(), 0, 6, 9000));
            }
        }
        flows.sort(java.util.Comparator.comparingLong(FlowRecord::startNanos));
        return flows;
    }

    /** Like the thesis's 15-minute extract, no flow outlasts the trace: a long one is cut at its end. */
    private static FlowRecord clip(FlowRecord f, long end) {
        if (f.startNanos() + f.durationNanos() <= end) {
            return f;
        }
        return new FlowRecord(f.startNanos(), end - f.startNanos(), f.protocol(), f.source(), f.sourcePort(),
                f.destination(), f.destinationPort(), f.packets(), f.bytes());
    }

    private void synFlood(List<FlowRecord> flows, long from, long to) {
        long victim = FlowCsv.ipv4("10.0.0.80");
        for (long t = from; t < to; t += 1_000_000L) { // 1000 spoofed SYNs a second
            long source = documentationHost();
            flows.add(new FlowRecord(t, 0, 6, source, ephemeralPort(), victim, 80, 1, 60));
        }
    }

    private FlowRecord ordinary(long t) {
        double kind = random.nextDouble();
        long host = internalHost();
        int port = ephemeralPort();
        if (kind < 0.36) { // the proxy: most web traffic goes through it
            return sized(t, 6, host, port, PROXY, PROXY_PORT, 1.6);
        }
        if (kind < 0.58) { // direct HTTP to many web servers
            return sized(t, 6, host, port, documentationHost(), random.nextDouble() < 0.8 ? 80 : 443, 0.9);
        }
        if (kind < 0.78) { // DNS
            return lookup(t, host, port);
        }
        if (kind < 0.88) { // inbound: the Internet reaching the university's own servers
            long client = documentationHost();
            int[] services = {25, 22, 80, 110};
            return sized(t, 6, client, port, FlowCsv.ipv4("10.0.0.25") + random.nextInt(4),
                    services[random.nextInt(services.length)], 0.5);
        }
        int[] others = {22, 21, 25, 110, 143, 6667, 1080 + random.nextInt(60000)};
        return sized(t, 6, host, port, documentationHost(), others[random.nextInt(others.length)], 1.3);
    }

    private static FlowRecord lookup(long t, long host, int port) {
        return new FlowRecord(t, 20_000_000L, 17, host, port, FlowCsv.ipv4("192.0.2.53"), 53, 2, 180);
    }

    private FlowRecord sized(long t, int protocol, long src, int sport, long dst, int dport, double scale) {
        double u = 1 - random.nextDouble();
        long bytes = (long) Math.min(model.maxBytes(), scale * model.minBytes() / Math.pow(u, 1 / model.paretoAlpha()));
        long packets = Math.max(3, bytes / 700);
        long duration = model.original()
                // 2-32 ms a packet, and no flow faster than a 2000-era path allows (about 50 KB/s)
                ? (long) Math.max(packets * (2e6 + random.nextDouble() * 30e6), bytes / MAX_FLOW_RATE * 1e9)
                : rateLimited(bytes);
        return new FlowRecord(t, duration, protocol, src, sport, dst, dport, packets, Math.max(bytes, packets * 40));
    }

    /**
     * A flow sends at its own rate, log-normal around the median (paths, windows and servers differed
     * widely in 2000), and stays open a while beyond its transfer (handshake, think time, keep-alive).
     */
    private long rateLimited(long bytes) {
        double rate = model.medianRate() * Math.exp(model.rateSigma() * random.nextGaussian());
        double hold = Distributions.exponential(random, model.meanHoldSeconds());
        return (long) ((bytes / rate + hold) * 1e9);
    }

    private long internalHost() {
        int rank = java.util.Arrays.binarySearch(zipfCumulative, random.nextDouble());
        int index = rank >= 0 ? rank : -rank - 1;
        return FlowCsv.ipv4("10.1.0.0") + Math.min(index, INTERNAL_HOSTS - 1);
    }

    /** External hosts come from the documentation ranges only. */
    private static final long[] EXTERNAL = {FlowCsv.ipv4("192.0.2.0"), FlowCsv.ipv4("198.51.100.0"),
        FlowCsv.ipv4("203.0.113.0")};

    private long documentationHost() {
        return EXTERNAL[random.nextInt(EXTERNAL.length)] + 1 + random.nextInt(254);
    }

    private int ephemeralPort() {
        return EPHEMERAL.next(0, random);
    }
}
