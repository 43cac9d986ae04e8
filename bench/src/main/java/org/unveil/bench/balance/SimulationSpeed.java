package org.unveil.bench.balance;

import java.io.IOException;
import java.util.List;
import java.util.Locale;
import org.unveil.balance.SimPacket;
import org.unveil.balance.schedulers.Schedulers;
import org.unveil.balance.sim.RunResult;
import org.unveil.balance.sim.Simulator;
import org.unveil.balance.traffic.FlowExpander;
import org.unveil.balance.traffic.SyntheticTraffic;
import org.unveil.balance.traffic.TrafficSource;

/**
 * Measures how many packets per second the simulator pushes through each scheduler on one core. The trace
 * is generated and expanded once into primitive arrays beforehand, so the figure is the scheduler plus the
 * simulator's bookkeeping, not the traffic generator.
 *
 * <pre>java -cp ... org.unveil.bench.balance.SimulationSpeed [--seconds 30000] [--flows-per-second 28] [--nodes 8]
 *     [--schedulers a,b]</pre>
 */
public final class SimulationSpeed {
    private SimulationSpeed() {
    }

    /** A recorded packet stream replayed from arrays. */
    static final class Replay implements TrafficSource {
        final long[] time;
        final int[] bytes;
        final long[] internal;
        final long[] external;
        final int[] ports;
        final long[] connection;
        final byte[] flags;
        int size;
        int next;

        Replay(int capacity) {
            time = new long[capacity];
            bytes = new int[capacity];
            internal = new long[capacity];
            external = new long[capacity];
            ports = new int[capacity];
            connection = new long[capacity];
            flags = new byte[capacity];
        }

        void record(SimPacket p) {
            time[size] = p.timeNanos;
            bytes[size] = p.bytes;
            internal[size] = p.internalAddress;
            external[size] = p.externalAddress;
            ports[size] = (p.internalPort << 16) | p.externalPort;
            connection[size] = p.connection;
            flags[size] = (byte) ((p.outbound ? 1 : 0) | (p.firstOfConnection ? 2 : 0) | (p.lastOfConnection ? 4 : 0)
                    | (p.protocol == 17 ? 8 : 0));
            size++;
        }

        @Override
        public boolean next(SimPacket p) {
            if (next == size) {
                return false;
            }
            int i = next++;
            p.timeNanos = time[i];
            p.bytes = bytes[i];
            p.internalAddress = internal[i];
            p.externalAddress = external[i];
            p.internalPort = ports[i] >>> 16;
            p.externalPort = ports[i] & 0xFFFF;
            p.connection = connection[i];
            p.outbound = (flags[i] & 1) != 0;
            p.firstOfConnection = (flags[i] & 2) != 0;
            p.lastOfConnection = (flags[i] & 4) != 0;
            p.protocol = (flags[i] & 8) != 0 ? 17 : 6;
            return true;
        }

        Replay rewind() {
            next = 0;
            return this;
        }
    }

    public static void main(String[] args) throws IOException {
        double seconds = 30_000;
        double flowsPerSecond = SyntheticTraffic.Options.UNIVERSITY.flowsPerSecond();
        int nodes = 8;
        List<String> names = Schedulers.names();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--seconds" -> seconds = Double.parseDouble(args[++i]);
                case "--nodes" -> nodes = Integer.parseInt(args[++i]);
                case "--flows-per-second" -> flowsPerSecond = Double.parseDouble(args[++i]);
                case "--schedulers" -> names = List.of(args[++i].split(","));
                default -> throw new IllegalArgumentException("unknown argument " + args[i]);
            }
        }
        var options = new SyntheticTraffic.Options(seconds, flowsPerSecond, false, false, false);
        var flows = new SyntheticTraffic(1, options).flows();
        long packets = flows.stream().mapToLong(f -> f.packets()).sum();
        Replay replay = new Replay(Math.toIntExact(packets));
        FlowExpander expander = new FlowExpander(flows.iterator());
        SimPacket p = new SimPacket();
        while (expander.next(p)) {
            replay.record(p);
        }
        System.out.printf(Locale.ROOT, "%,d packets (%.0f flows/s over %.0f s), %d nodes; best of 3 runs per scheduler%n%n",
                replay.size, flowsPerSecond, seconds, nodes);
        System.out.println("| scheduler | M packets/s |");
        System.out.println("| --- | ---: |");
        for (String name : names) {
            double best = 0;
            for (int run = 0; run < 3; run++) {
                long start = System.nanoTime();
                RunResult r = Simulator.run(Schedulers.create(name), replay.rewind(),
                        new Simulator.Cluster(nodes, List.of()), 1);
                double rate = r.packets() / ((System.nanoTime() - start) / 1e9);
                best = Math.max(best, rate);
            }
            System.out.printf(Locale.ROOT, "| %s | %.1f |%n", name, best / 1e6);
        }
    }
}
