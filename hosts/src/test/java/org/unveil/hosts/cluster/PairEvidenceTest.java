package org.unveil.hosts.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.unveil.hosts.evidence.EvidenceKind;
import org.unveil.hosts.link.Edge;
import org.unveil.hosts.link.EdgeList;

class PairEvidenceTest {
    @Test
    void edgesOfOneKindCountOnceTheStrongestAndKindsAreSummed() {
        PairEvidence pairs = PairEvidence.of(EdgeList.of(List.of(
                new Edge(0, 1, 5, EvidenceKind.TCP_CLOCK),
                new Edge(1, 0, 9, EvidenceKind.TCP_CLOCK), // the same pair, named the other way round
                new Edge(0, 1, 3, EvidenceKind.DNS_THEN_CONNECT),
                new Edge(2, 3, 4, EvidenceKind.IPID_SEQUENCE),
                new Edge(2, 3, -10, EvidenceKind.IPID_SEQUENCE_BREAK))));
        assertThat(pairs.size()).isEqualTo(2);
        assertThat(pairs.bits(0, 1)).isEqualTo(12.0);
        assertThat(pairs.bits(1, 0)).isEqualTo(12.0);
        assertThat(pairs.bits(3, 2)).isEqualTo(-6.0);
        assertThat(pairs.kinds(0)).containsExactlyInAnyOrder(EvidenceKind.TCP_CLOCK, EvidenceKind.DNS_THEN_CONNECT);
    }

    @Test
    void pairsComeInTheOrderTheEdgesFirstNameThemAndOthersHaveNone() {
        PairEvidence pairs = PairEvidence.of(EdgeList.of(List.of(
                new Edge(5, 6, 1, EvidenceKind.TCP_CLOCK),
                new Edge(1, 2, 1, EvidenceKind.TCP_CLOCK),
                new Edge(6, 5, 1, EvidenceKind.DNS_THEN_CONNECT))));
        assertThat(HostClusterer.first(pairs.key(0))).isEqualTo(5);
        assertThat(HostClusterer.second(pairs.key(0))).isEqualTo(6);
        assertThat(HostClusterer.first(pairs.key(1))).isEqualTo(1);
        assertThat(pairs.bits(1, 5)).isZero();
        assertThat(pairs.indexOf(HostClusterer.key(2, 1))).isEqualTo(1);
        assertThat(pairs.indexOf(HostClusterer.key(1, 6))).isEqualTo(-1);
    }

    @Test
    void manyPairsAreAllFound() {
        List<Edge> edges = new ArrayList<>();
        for (int a = 0; a < 300; a++) {
            for (int b = a + 1; b < a + 40; b++) {
                edges.add(new Edge(a, b, a + b, EvidenceKind.TCP_CLOCK));
            }
        }
        PairEvidence pairs = PairEvidence.of(EdgeList.of(edges));
        assertThat(pairs.size()).isEqualTo(edges.size());
        for (Edge e : edges) {
            assertThat(pairs.bits(e.b(), e.a())).isEqualTo(e.a() + e.b());
        }
    }
}
