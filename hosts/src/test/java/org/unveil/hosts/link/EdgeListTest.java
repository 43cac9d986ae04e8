package org.unveil.hosts.link;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.unveil.hosts.evidence.EvidenceKind;

class EdgeListTest {
    @Test
    void edgesKeepTheirOrderAndValuesAsTheListGrows() {
        EdgeList edges = new EdgeList(2);
        for (int i = 0; i < 100; i++) {
            edges.add(i, i + 1, i / 4.0, i % 2 == 0 ? EvidenceKind.TCP_CLOCK : EvidenceKind.IPID_SEQUENCE);
        }
        assertThat(edges.size()).isEqualTo(100);
        assertThat(edges.get(0)).isEqualTo(new Edge(0, 1, 0, EvidenceKind.TCP_CLOCK));
        assertThat(edges.get(99)).isEqualTo(new Edge(99, 100, 24.75, EvidenceKind.IPID_SEQUENCE));
        assertThat(EdgeList.of(edges.toList()).toList()).isEqualTo(edges.toList());
    }

    @Test
    void aListSizedForNoneStillGrows() {
        EdgeList edges = new EdgeList(0);
        for (int i = 0; i < 40; i++) {
            edges.add(i, i + 1, 1, EvidenceKind.TCP_CLOCK);
        }
        assertThat(edges.size()).isEqualTo(40);
        assertThat(edges.b(39)).isEqualTo(40);
    }

    @Test
    void strengthenOnlyRaises() {
        EdgeList edges = EdgeList.of(List.of(new Edge(1, 2, 5, EvidenceKind.TCP_CLOCK)));
        edges.strengthen(0, 3);
        assertThat(edges.bits(0)).isEqualTo(5);
        edges.strengthen(0, 8);
        assertThat(edges.bits(0)).isEqualTo(8);
    }

    @Test
    void filtersKeepOrderAndTakeOnlyWhatTheyName() {
        EdgeList edges = EdgeList.of(List.of(
                new Edge(0, 1, 1, EvidenceKind.TCP_CLOCK),
                new Edge(2, 3, 9, EvidenceKind.IPID_GLOBAL_SEQUENCE),
                new Edge(4, 5, 6, EvidenceKind.TCP_CLOCK),
                new Edge(6, 7, 2, EvidenceKind.IPID_GLOBAL_SEQUENCE)));
        assertThat(edges.ofKind(EvidenceKind.IPID_GLOBAL_SEQUENCE).toList()).containsExactly(
                new Edge(2, 3, 9, EvidenceKind.IPID_GLOBAL_SEQUENCE),
                new Edge(6, 7, 2, EvidenceKind.IPID_GLOBAL_SEQUENCE));
        assertThat(edges.atLeast(6).toList()).containsExactly(
                new Edge(2, 3, 9, EvidenceKind.IPID_GLOBAL_SEQUENCE), new Edge(4, 5, 6, EvidenceKind.TCP_CLOCK));
        assertThat(new EdgeList().isEmpty()).isTrue();
    }
}
