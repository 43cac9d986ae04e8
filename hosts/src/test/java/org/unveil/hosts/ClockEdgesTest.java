package org.unveil.hosts;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.unveil.capture.Packet;
import org.unveil.hosts.InsideHost.Stack;
import org.unveil.hosts.evidence.EvidenceKind;
import org.unveil.hosts.link.EdgeList;
import org.unveil.hosts.link.TcpClockLinker;

/**
 * Short connections show no clock rate of their own, so the clock linker finds one host's pairs at several of the
 * rates it tries; each pair must come out once (the clustering of a busy address held 2.6 times the edges before).
 */
class ClockEdgesTest {
    @Test
    void aPairOfConnectionsOnOneClockLineHasOneEdge() {
        InsideHost host = new InsideHost("a", Stack.LINUX, "curl/8.5.0", 7, 20);
        List<Packet> packets = new ArrayList<>();
        long t = 1_700_000_000_000_000_000L;
        for (int i = 0; i < 12; i++) {
            host.connect(packets, "198.51.100.80", t + i * 5_000_000L); // 5 ms apart: within every rate's tolerance
        }
        List<FlowEvidence> flows = InsideHost.evidenceOf(packets);
        assertThat(flows).hasSize(12);
        EdgeList edges = TcpClockLinker.link(flows);
        Set<Long> pairs = new HashSet<>();
        for (int e = 0; e < edges.size(); e++) {
            assertThat(edges.kind(e)).isEqualTo(EvidenceKind.TCP_CLOCK);
            assertThat(edges.bits(e)).isPositive();
            pairs.add((long) Math.min(edges.a(e), edges.b(e)) << 32 | Math.max(edges.a(e), edges.b(e)));
        }
        // every connection is linked to its next ones on the line (four a connection, at most)
        assertThat(edges.size()).isGreaterThanOrEqualTo(11);
        assertThat(pairs).hasSize(edges.size());
    }
}
