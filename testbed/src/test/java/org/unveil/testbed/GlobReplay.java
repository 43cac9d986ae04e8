package org.unveil.testbed;

import java.io.IOException;
import java.util.List;
import java.util.Random;
import org.unveil.balance.SimPacket;
import org.unveil.balance.SimulationContext;
import org.unveil.balance.glob.GlobScheduler;
import org.unveil.balance.traffic.FlowExpander;
import org.unveil.balance.traffic.FlowRecord;
import org.unveil.glob.GlobConfig;

/**
 * The simulator's prediction for a connection log the gateway testbed served: the lab's GLOB scheduler
 * (the daemons' settings) replays the same connections, with the same node failing at the same moment,
 * and books each node's bytes in fixed windows, so the per-node shares can be set beside the real ones.
 */
final class GlobReplay {
    private GlobReplay() {
    }

    /**
     * Bytes per window and node: {@code [window][node]}, window {@code w} covering
     * {@code [originNanos + w * windowNanos, originNanos + (w + 1) * windowNanos)}.
     *
     * @param pollPhaseNanos a poll interval before the first poll: the simulated cluster polls when the real
     *     founder did, rather than one interval after the first packet
     * @param killNode the node that fails at {@code killNanos}, or -1 for none
     */
    static long[][] bytesPerWindow(List<FlowRecord> flows, int nodes, GlobConfig config, long pollPhaseNanos,
            long originNanos, long windowNanos, int windows, int killNode, long killNanos) throws IOException {
        GlobScheduler glob = new GlobScheduler(config);
        glob.start(nodes, new SimulationContext(new Random(1), nodes));
        glob.advanceTo(pollPhaseNanos);
        long[][] bytes = new long[windows][nodes];
        FlowExpander packets = new FlowExpander(flows.iterator());
        SimPacket packet = new SimPacket();
        boolean killed = killNode < 0;
        while (packets.next(packet)) {
            if (!killed && packet.timeNanos >= killNanos) {
                glob.nodeDown(killNode, killNanos);
                killed = true;
            }
            glob.advanceTo(packet.timeNanos);
            int node = glob.assign(packet);
            long window = (packet.timeNanos - originNanos) / windowNanos;
            if (window >= 0 && window < windows) {
                bytes[(int) window][node] += packet.bytes;
            }
        }
        return bytes;
    }

    /** Per window and node: the bytes, and the connections whose first packet fell in the window. */
    record Windows(long[][] bytes, long[][] connections) {
    }

    /**
     * As {@link #bytesPerWindow}, with the daemons' timing: node {@code i} polls at {@code firstPollNanos[i]} +
     * k polls (each daemon from its own start), and the failed node's heirs take over at {@code detectedNanos}
     * (when the survivors noticed), not at the kill.
     */
    static Windows perWindow(List<FlowRecord> flows, int nodes, GlobConfig config, long[] firstPollNanos,
            long originNanos, long windowNanos, int windows, int killNode, long detectedNanos) throws IOException {
        GlobScheduler glob = new GlobScheduler(config);
        glob.start(nodes, new SimulationContext(new Random(1), nodes));
        glob.pollPhases(firstPollNanos);
        long[][] bytes = new long[windows][nodes];
        long[][] connections = new long[windows][nodes];
        FlowExpander packets = new FlowExpander(flows.iterator());
        SimPacket packet = new SimPacket();
        boolean killed = killNode < 0;
        while (packets.next(packet)) {
            if (!killed && packet.timeNanos >= detectedNanos) {
                glob.nodeDown(killNode, detectedNanos);
                killed = true;
            }
            glob.advanceTo(packet.timeNanos);
            int node = glob.assign(packet);
            long window = (packet.timeNanos - originNanos) / windowNanos;
            if (window >= 0 && window < windows) {
                bytes[(int) window][node] += packet.bytes;
                connections[(int) window][node] += packet.firstOfConnection ? 1 : 0;
            }
        }
        return new Windows(bytes, connections);
    }

    /**
     * {@code runs} replays of {@link #perWindow}, each with every connection's open time moved by up to
     * {@code jitterNanos} either way (seeded): GLOB turns load differences of a few percent (which of two
     * halves is heavier, which rule lands nearest the mean) into different rule layouts, so one replay is one
     * sample of what the model predicts, and the spread of many is the prediction.
     */
    static List<Windows> ensemble(List<FlowRecord> flows, int nodes, GlobConfig config, long[] firstPollNanos,
            long originNanos, long windowNanos, int windows, int killNode, long detectedNanos, int runs,
            long jitterNanos, long seed) throws IOException {
        Random random = new Random(seed);
        List<Windows> samples = new java.util.ArrayList<>();
        for (int run = 0; run < runs; run++) {
            List<FlowRecord> moved = new java.util.ArrayList<>(flows.size());
            for (FlowRecord f : flows) {
                long shift = run == 0 ? 0 : (long) ((random.nextDouble() * 2 - 1) * jitterNanos);
                moved.add(new FlowRecord(Math.max(0, f.startNanos() + shift), f.durationNanos(), f.protocol(),
                        f.source(), f.sourcePort(), f.destination(), f.destinationPort(), f.packets(), f.bytes()));
            }
            moved.sort(java.util.Comparator.comparingLong(FlowRecord::startNanos));
            samples.add(perWindow(moved, nodes, config, firstPollNanos, originNanos, windowNanos, windows, killNode,
                    detectedNanos));
        }
        return samples;
    }
}
