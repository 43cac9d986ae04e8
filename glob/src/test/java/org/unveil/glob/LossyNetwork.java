package org.unveil.glob;

import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;
import java.util.Random;
import java.util.function.LongSupplier;

/** An in-memory control network for tests: every message takes {@code delay} and is lost with {@code loss}. */
final class LossyNetwork {
    private record InFlight(long at, long seq, int to, Message message) {
    }

    private final Random random;
    private final double loss;
    private final long delay;
    private final LongSupplier clock;
    private final PriorityQueue<InFlight> queue = new PriorityQueue<>(
            (a, b) -> a.at != b.at ? Long.compare(a.at, b.at) : Long.compare(a.seq, b.seq));
    private final List<GlobNode> nodes = new ArrayList<>();
    private long seq;

    LossyNetwork(long seed, double loss, long delay, LongSupplier clock) {
        this.random = new Random(seed);
        this.loss = loss;
        this.delay = delay;
        this.clock = clock;
    }

    void attach(GlobNode node) {
        nodes.add(node);
    }

    Transport endpoint(int from) {
        return new Transport() {
            @Override
            public void send(int to, Message message) {
                if (random.nextDouble() >= loss) {
                    queue.add(new InFlight(clock.getAsLong() + delay, seq++, to, message));
                }
            }

            @Override
            public void broadcast(Message message) {
                for (int to = 0; to < nodes.size(); to++) {
                    if (to != from) {
                        send(to, message);
                    }
                }
            }
        };
    }

    /** Delivers what has arrived by now and lets every node retransmit. */
    void run() {
        while (!queue.isEmpty() && queue.peek().at <= clock.getAsLong()) {
            InFlight next = queue.poll();
            nodes.get(next.to).receive(next.message);
        }
        nodes.forEach(GlobNode::tick);
    }
}
