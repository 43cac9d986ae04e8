package org.unveil.glob;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.nio.channels.DatagramChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The conformance test of §12.3.4 (Figure 25) over real UDP on loopback: three engines, each with only its
 * own transport, exchanging datagrams; the test only stands in for the counters and the heartbeat monitor.
 */
class UdpThesisExampleTest {
    private final AtomicLong now = new AtomicLong();
    private final List<UdpTransport> transports = new ArrayList<>();
    private final GlobNode[] nodes = new GlobNode[ThesisExample.NODES];

    @AfterEach
    void close() throws IOException {
        for (UdpTransport transport : transports) {
            transport.close();
        }
    }

    private void startCluster() throws IOException {
        List<DatagramChannel> channels = new ArrayList<>();
        List<InetSocketAddress> addresses = new ArrayList<>();
        for (int node = 0; node < ThesisExample.NODES; node++) {
            DatagramChannel channel = DatagramChannel.open(StandardProtocolFamily.INET)
                    .bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            channels.add(channel);
            addresses.add((InetSocketAddress) channel.getLocalAddress());
        }
        boolean[] live = {true, true, true};
        for (int node = 0; node < ThesisExample.NODES; node++) {
            UdpTransport transport = new UdpTransport(node, channels.get(node), addresses);
            transports.add(transport);
            nodes[node] = new GlobNode(node, ThesisExample.NODES, live, node == 0, ThesisExample.CONFIG,
                    TransferTiming.DEFAULT, transport, now::get);
        }
    }

    /** Delivers datagrams until the control network has been quiet for a while. */
    private void settle() throws InterruptedException {
        long quietSince = System.nanoTime();
        while (System.nanoTime() - quietSince < 50_000_000L) {
            int received = 0;
            for (int node = 0; node < nodes.length; node++) {
                if (nodes[node] != null) {
                    received += transports.get(node).receive(nodes[node]::receive);
                    nodes[node].tick();
                }
            }
            if (received > 0) {
                quietSince = System.nanoTime();
            } else {
                Thread.sleep(1);
            }
        }
    }

    private void poll() throws InterruptedException {
        long total = 0;
        for (int[] leaf : ThesisExample.LOADS) {
            long bytes = leaf[2] * 1000L;
            total += bytes;
            int owners = 0;
            for (GlobNode node : nodes) {
                if (node != null && node.count(leaf[0], leaf[1], bytes)) {
                    owners++;
                }
            }
            assertThat(owners).as("nodes accepting ports %d/%d", leaf[0], leaf[1]).isEqualTo(1);
        }
        now.addAndGet(ThesisExample.CONFIG.pollIntervalNanos());
        for (GlobNode node : nodes) {
            if (node != null) {
                node.observe(total);
                node.measure();
            }
        }
        for (GlobNode node : nodes) {
            if (node != null) {
                settle();
                node.decide();
            }
        }
        settle();
    }

    private String rules() {
        List<RuleView> all = new ArrayList<>();
        for (GlobNode node : nodes) {
            if (node != null) {
                all.addAll(node.rules());
            }
        }
        return ThesisExample.describe(all);
    }

    @Test
    void replaysTheSimplifiedThreeNodeExampleOfFigure25OverUdp() throws Exception {
        startCluster();
        assertThat(rules()).isEqualTo("1:0/-");
        for (ThesisExample.Step step : ThesisExample.STEPS) {
            if (step.kind() == ThesisExample.Kind.POLL) {
                poll();
            } else {
                nodes[step.node()] = null;
                transports.get(step.node()).channel().close();
                for (GlobNode node : nodes) {
                    if (node != null) {
                        node.peerDown(step.node());
                    }
                }
            }
            assertThat(rules()).as(step.what()).isEqualTo(step.rules());
        }
        for (GlobNode node : nodes) {
            if (node != null) {
                assertThat(node.transferring()).isFalse();
            }
        }
        assertThat(transports.get(0).sent()).isGreaterThan(10);
    }
}
