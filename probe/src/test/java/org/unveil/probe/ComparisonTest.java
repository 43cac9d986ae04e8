package org.unveil.probe;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.URI;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.unveil.probe.estimate.Estimator;
import org.unveil.probe.evidence.Evidence;
import org.unveil.probe.evidence.Kind;

class ComparisonTest {
    /** A target whose responses named these back-ends in turn, once per entry. */
    private static TargetResult target(String address, String... backEnds) {
        Estimator e = new Estimator(0.95);
        for (String b : backEnds) {
            e.add(List.of(Evidence.of(Kind.ID_HEADER, "header x-backend", b, "X-Backend " + b)));
        }
        return new TargetResult(new Target(URI.create("http://" + address + "/"), InetAddress.ofLiteral(address), null),
                backEnds.length, Map.of(), Stop.CONFIDENT, 0, e.estimate(), List.of(),
                CookieAffinity.untested("not asked"), null);
    }

    private static String[] times(int each, String... ids) {
        String[] out = new String[each * ids.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = ids[i % ids.length];
        }
        return out;
    }

    @Test
    void wellSampledPoolsOfThreeAndFiveDifferSignificantly() {
        TargetResult east = target("192.0.2.1", times(20, "a", "b", "c", "d", "e"));
        TargetResult west = target("192.0.2.2", times(20, "a", "b", "c"));
        List<Comparison.Pair> pairs = Comparison.of(List.of(west, east), 0.95);
        assertThat(pairs).singleElement().satisfies(p -> {
            assertThat(p.first()).isZero();
            assertThat(p.second()).isEqualTo(1);
            assertThat(p.more()).isEqualTo(1);
            assertThat(p.difference()).isEqualTo(2);
            assertThat(p.significant()).isTrue();
            assertThat(p.why()).startsWith("http://192.0.2.1/ at 192.0.2.1 has more back-ends than http://192.0.2.2/")
                    .contains("5 (95% interval 5-5) against 3 (3-3)").contains("significant, the intervals do not");
        });
    }

    @Test
    void aPoolStillFullOfSingletonsIsNotShownToDiffer() {
        // four back-ends seen once or twice each: Chao1's interval reaches well past five
        TargetResult sparse = target("192.0.2.1", "a", "b", "c", "d", "a", "b");
        TargetResult full = target("192.0.2.2", times(20, "a", "b", "c", "d", "e"));
        Comparison.Pair p = Comparison.of(List.of(sparse, full), 0.95).getFirst();
        assertThat(sparse.estimate().count().highCount()).isGreaterThanOrEqualTo(5);
        assertThat(p.more()).isEqualTo(1);
        assertThat(p.significant()).isFalse();
        assertThat(p.why()).contains("not significant, the intervals overlap");
    }

    @Test
    void equalCountsHaveNoLargerSideAndTargetsWithoutEvidenceAreLeftOut() {
        TargetResult a = target("192.0.2.1", times(20, "a", "b"));
        TargetResult b = target("192.0.2.2", times(20, "x", "y"));
        TargetResult none = target("192.0.2.3");
        List<Comparison.Pair> pairs = Comparison.of(List.of(a, none, b), 0.95);
        assertThat(pairs).singleElement().satisfies(p -> {
            assertThat(p.first()).isZero();
            assertThat(p.second()).isEqualTo(2);
            assertThat(p.more()).isNull();
            assertThat(p.significant()).isFalse();
            assertThat(p.why()).contains("2 back-ends each");
        });
        assertThat(Comparison.of(List.of(a), 0.95)).isEmpty();
    }
}
