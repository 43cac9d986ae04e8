package org.unveil.balance.schedulers;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.unveil.balance.SimPacket;

/** A synthetic trace of interleaved connections, replayed into one reused {@link SimPacket} like the simulator does. */
final class Trace {
    /** A connection's 5-tuple, oriented from the cluster. */
    record Flow(int protocol, long internalAddress, int internalPort, long externalAddress, int externalPort) {
    }

    private record Step(int connection, boolean outbound, boolean first, boolean last) {
    }

    /**
     * Virtual time between two packets: 10 ms, so the ~20,000-packet trace of the contract tests spans a few
     * minutes and GLOB polls (every 6 s) dozens of times within it.
     */
    static final long PACKET_GAP_NANOS = 10_000_000L;

    private final List<Flow> flows;
    private final List<Step> steps;
    private final SimPacket packet = new SimPacket();

    private Trace(List<Flow> flows, List<Step> steps) {
        this.flows = flows;
        this.steps = steps;
    }

    /** {@code connections} random flows of 1..{@code maxPackets} packets each, shuffled together. */
    static Trace random(long seed, int connections, int maxPackets) {
        Random random = new Random(seed);
        List<Integer> order = new ArrayList<>();
        List<Flow> drawn = new ArrayList<>();
        for (int c = 0; c < connections; c++) {
            drawn.add(randomFlow(random));
            int packets = 1 + random.nextInt(maxPackets);
            for (int p = 0; p < packets; p++) {
                order.add(c);
            }
        }
        Collections.shuffle(order, random);
        // Number connections in order of their first packet, as the simulator does.
        int[] number = new int[connections];
        int[] remaining = new int[connections];
        java.util.Arrays.fill(number, -1);
        order.forEach(c -> remaining[c]++);
        List<Flow> flows = new ArrayList<>();
        List<Step> steps = new ArrayList<>();
        for (int c : order) {
            boolean first = number[c] < 0;
            if (first) {
                number[c] = flows.size();
                flows.add(drawn.get(c));
            }
            boolean last = --remaining[c] == 0;
            steps.add(new Step(number[c], random.nextBoolean(), first, last));
        }
        return new Trace(flows, steps);
    }

    static Flow randomFlow(Random random) {
        int protocol = random.nextInt(4) == 0 ? 17 : 6;
        return new Flow(protocol, 0x0a000000L | random.nextInt(1 << 16), 1024 + random.nextInt(60000),
                random.nextInt() & 0xffffffffL, random.nextInt(8) == 0 ? 53 : 443);
    }

    int size() {
        return steps.size();
    }

    /** The packet of step {@code index}, in the one reused instance. */
    SimPacket packet(int index) {
        Step step = steps.get(index);
        fill(packet, flows.get(step.connection()), step.outbound());
        packet.timeNanos = index * PACKET_GAP_NANOS;
        packet.connection = step.connection();
        packet.firstOfConnection = step.first();
        packet.lastOfConnection = step.last();
        return packet;
    }

    /** A single-packet connection of {@code flow}, for hash-only schedulers. */
    static SimPacket packetOf(Flow flow, long connection, boolean outbound) {
        SimPacket packet = new SimPacket();
        fill(packet, flow, outbound);
        packet.connection = connection;
        packet.firstOfConnection = true;
        packet.lastOfConnection = true;
        packet.bytes = 100;
        return packet;
    }

    private static void fill(SimPacket packet, Flow flow, boolean outbound) {
        packet.protocol = flow.protocol();
        packet.internalAddress = flow.internalAddress();
        packet.internalPort = flow.internalPort();
        packet.externalAddress = flow.externalAddress();
        packet.externalPort = flow.externalPort();
        packet.outbound = outbound;
        packet.bytes = 100;
    }
}
