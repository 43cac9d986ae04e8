package org.unveil.bench;

import org.unveil.generator.frame.FrameWriter;
import org.unveil.generator.stack.Rng;

/**
 * The back side of a load balancer as a receive-only mirror of the back ends' ports sees it: the balancer's
 * nodes send short keep-alive GET requests over long-lived connections, and only their packets are written
 * (handshakes, requests, FINs and the odd ACK), so about 97% of the packets are HTTP requests. The back
 * ends' replies are generated, keeping sequence numbers and timestamps consistent, but not written. Every
 * object is made up front and reused.
 */
final class BalancerMix implements Traffic {
    private final Network network;
    private final Rng rng;
    private final TcpConversation[] tcp;
    private final HttpExchange[] http;
    private long elapsedNanos;

    BalancerMix(Network network, Rng rng) {
        this.network = network;
        this.rng = rng;
        Content content = new Content(rng);
        HttpDate date = new HttpDate(TrafficMix.START_SECONDS);
        int n = network.concurrentFlows;
        tcp = new TcpConversation[n];
        http = new HttpExchange[n];
        for (int i = 0; i < n; i++) {
            tcp[i] = new TcpConversation(rng);
            http[i] = new HttpExchange(rng, content, date, true);
            start(i);
        }
    }

    @Override
    public long next(FrameWriter w) {
        while (true) {
            elapsedNanos += rng.between(1_000, 9_000);
            int slot = rng.nextInt(tcp.length);
            if (!tcp[slot].emit(w, elapsedNanos)) {
                start(slot);
            }
            if (tcp[slot].lastFromClient()) {
                return TrafficMix.START_SECONDS * 1_000_000_000L + elapsedNanos;
            }
        }
    }

    private void start(int slot) {
        Host node = rng.pick(network.proxies);
        Host backEnd = rng.pick(network.servers);
        TcpConversation c = tcp[slot];
        c.bind(node, backEnd, false, node.nextPort(rng), 80);
        http[slot].start(node, backEnd, rng.between(network.maxRounds / 2, network.maxRounds), network.largestObject);
        c.start(http[slot], 1);
    }
}
