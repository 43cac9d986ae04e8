package org.unveil.probe.estimate;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.unveil.probe.evidence.Evidence;
import org.unveil.probe.evidence.Kind;

/**
 * The per-response confidence on labelled synthetic runs: which back-end made each response is known by
 * construction, and a response is right when the back-end it was put with is the one whose responses are mostly
 * that truth's (and the largest such).
 */
class AttributionTest {
    private static final double T0 = 1_700_000_000;

    private static Evidence id(String v) {
        return Evidence.of(Kind.ID_HEADER, "header x-backend", v, "X-Backend " + v);
    }

    private static Evidence weak(String key, Kind kind, String v) {
        return Evidence.of(kind, key, v, key + " " + v);
    }

    /** A Date range as a response of a server whose clock is {@code offset} s from ours would give. */
    private static Evidence date(double offset, double at) {
        double d = Math.floor(at + offset);
        return new Evidence(Kind.CLOCK, "date", "", "Date", d - (at + 0.01), d + 1 - at);
    }

    /** A run's responses with their truth; scored once all are in. */
    private record Run(Estimator estimator, int[] truth) {
        double[] confidence() {
            return estimator.confidenceOfEach();
        }

        /** Per response whether its back-end is its truth's, by the majority mapping. */
        boolean[] right() {
            List<String> server = estimator.serverOfEach();
            Map<String, Map<Integer, Integer>> byServer = new HashMap<>();
            for (int i = 0; i < truth.length; i++) {
                if (server.get(i) != null) {
                    byServer.computeIfAbsent(server.get(i), s -> new HashMap<>()).merge(truth[i], 1, Integer::sum);
                }
            }
            Map<String, Integer> label = new HashMap<>();
            byServer.forEach((s, m) -> label.put(s, m.entrySet().stream().max(Map.Entry.comparingByValue())
                    .orElseThrow().getKey()));
            // of the back-ends labelled with one truth, only the largest is that truth's; the rest are splits
            Map<Integer, String> main = new HashMap<>();
            label.forEach((s, t) -> main.merge(t, s, (x, y) -> size(byServer.get(x)) >= size(byServer.get(y)) ? x : y));
            boolean[] right = new boolean[truth.length];
            for (int i = 0; i < truth.length; i++) {
                right[i] = server.get(i) != null && label.get(server.get(i)) == truth[i]
                        && main.get(truth[i]).equals(server.get(i));
            }
            return right;
        }
    }

    private static int size(Map<Integer, Integer> m) {
        return m.values().stream().mapToInt(Integer::intValue).sum();
    }

    private interface Response {
        List<Evidence> of(int backEnd, int i);
    }

    private static Run run(int backEnds, int responses, long seed, Response response) {
        Random rnd = new Random(seed);
        Estimator e = new Estimator(0.95);
        int[] truth = new int[responses];
        for (int i = 0; i < responses; i++) {
            truth[i] = rnd.nextInt(backEnds);
            e.add(response.of(truth[i], i));
        }
        return new Run(e, truth);
    }

    @Test
    void idHeaderResponsesAreRightAndSure() {
        for (long seed = 1; seed <= 20; seed++) {
            // NTP-synchronised clocks: every back-end's Date alike, so the clock weighs nothing either way
            Run r = run(3, 68, seed, (b, i) -> List.of(id("b" + b), date(0, T0 + i * 0.21)));
            double[] c = r.confidence();
            boolean[] right = r.right();
            for (int i = 0; i < c.length; i++) {
                assertThat(right[i]).isTrue();
                assertThat(c[i]).as("seed %d response %d", seed, i).isBetween(0.95, 1.0);
            }
        }
    }

    @Test
    void responsesNamedOnlyByAmbiguousEvidenceAreLessSureThanIdHeaderOnes() {
        // the hard case: ETag mtimes pair {1,2}/{3,4}, header sets {1,3}/{2,4}; each value is shared by two
        // back-ends, and only the two together name one
        String[] mtimes = {"a", "a", "b", "b"};
        String[] sets = {"200 date,etag,x-frame", "200 date,etag", "200 date,etag,x-frame", "200 date,etag"};
        List<Double> weakSure = new ArrayList<>();
        List<Double> idSure = new ArrayList<>();
        int right = 0;
        int total = 0;
        for (long seed = 1; seed <= 20; seed++) {
            Run weak = run(4, 95, seed, (b, i) -> List.of(weak("etag", Kind.ETAG, mtimes[b]),
                    weak("header-set", Kind.HEADER_SET, sets[b]), date(0, T0 + i * 0.21)));
            Run named = run(4, 95, seed, (b, i) -> List.of(id("b" + b), date(0, T0 + i * 0.21)));
            for (double c : weak.confidence()) {
                weakSure.add(c);
            }
            for (double c : named.confidence()) {
                idSure.add(c);
            }
            for (boolean b : weak.right()) {
                right += b ? 1 : 0;
                total++;
            }
        }
        assertThat(right).isEqualTo(total); // the pair of keys does name every back-end
        double weakMean = weakSure.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
        double idMean = idSure.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
        System.out.printf("mtime x header-set pairs: mean confidence %.3f (min %.3f); id header %.3f%n", weakMean,
                weakSure.stream().mapToDouble(Double::doubleValue).min().orElseThrow(), idMean);
        assertThat(weakMean).as("weak %.3f, id %.3f", weakMean, idMean).isLessThan(idMean - 0.03);
        assertThat(weakSure).allSatisfy(c -> assertThat(c).isBetween(0.5, 0.99));
    }

    @Test
    void aResponseWhoseClockOnlyAnotherBackEndMeetsIsLessSure() {
        // back-ends 5 s apart in clock; a cookie names them by behaviour, but one response in ten carries another
        // back-end's cookie (a stale copy): the estimate puts it with the cookie's back-end, the clock disagrees
        Random stale = new Random(99);
        double[] offsets = {0, 5, 10};
        List<Double> agreeing = new ArrayList<>();
        List<Double> disagreeing = new ArrayList<>();
        int sure = 0;
        int sureRight = 0;
        double sum = 0;
        int rightCount = 0;
        int total = 0;
        for (long seed = 1; seed <= 20; seed++) {
            boolean[] wrongCookie = new boolean[120];
            Run r = run(3, 120, seed, (b, i) -> {
                int named = b;
                if (stale.nextDouble() < 0.1) {
                    named = (b + 1 + stale.nextInt(2)) % 3;
                    wrongCookie[i] = true;
                }
                return List.of(weak("cookie route", Kind.COOKIE, "r" + named), date(offsets[b], T0 + i * 0.21));
            });
            double[] c = r.confidence();
            boolean[] right = r.right();
            for (int i = 0; i < c.length; i++) {
                (wrongCookie[i] ? disagreeing : agreeing).add(c[i]);
                if (c[i] >= 0.9) {
                    sure++;
                    sureRight += right[i] ? 1 : 0;
                }
                sum += c[i];
                rightCount += right[i] ? 1 : 0;
                total++;
            }
        }
        // the estimate here keys on cookie and clock together, so a stale cookie makes a back-end of its own
        // (cookie, clock) pair, seen rarely: it must be less sure of those than of the rest
        double a = agreeing.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
        double d = disagreeing.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
        System.out.printf("stale cookies: agreeing %.3f, disagreeing %.3f; %d/%d right at >= 0.9; mean %.3f vs %d/%d"
                + " right%n", a, d, sureRight, sure, sum / total, rightCount, total);
        assertThat(d).as("agreeing %.3f, disagreeing %.3f", a, d).isLessThan(a - 0.2);
        assertThat(sureRight).as("right among %d at >= 0.9", sure).isGreaterThanOrEqualTo((int) Math.ceil(0.9 * sure));
        // calibrated on the whole: the mean confidence is the share right, within 0.05
        assertThat(sum / total).as("mean confidence vs %d/%d right", rightCount, total)
                .isCloseTo((double) rightCount / total, org.assertj.core.data.Offset.offset(0.05));
    }

    @Test
    void aBackEndSeenOnceIsLessSureThanOneSeenOften() {
        Estimator e = new Estimator(0.95);
        for (int i = 0; i < 40; i++) {
            e.add(List.of(id(i == 20 ? "rare" : i % 2 == 0 ? "b1" : "b2")));
        }
        double[] c = e.confidenceOfEach();
        assertThat(c[20]).isLessThan(c[0]).isLessThan(0.9);
        assertThat(c[0]).isGreaterThan(0.95);
    }

    @Test
    void clockOnlyBackEndsFarApartAreSure() {
        double[] offsets = {0, 5, 10};
        for (long seed = 1; seed <= 10; seed++) {
            Run r = run(3, 68, seed, (b, i) -> List.of(date(offsets[b], T0 + i * 0.21)));
            assertThat(r.estimator().estimate().key()).isEqualTo("date clock");
            double[] c = r.confidence();
            boolean[] right = r.right();
            for (int i = 0; i < c.length; i++) {
                assertThat(right[i]).isTrue();
                // one weak key: about k to 1 against each other back-end after k responses of its own
                assertThat(c[i]).isGreaterThan(0.8);
            }
        }
    }

    @Test
    void withoutBackEndsThereIsNoConfidence() {
        Estimator e = new Estimator(0.95);
        for (int i = 0; i < 10; i++) {
            e.add(List.of(weak("cookie SID", Kind.COOKIE, "s" + i)));
        }
        assertThat(java.util.Arrays.stream(e.confidenceOfEach()).boxed().toList()).hasSize(10).allSatisfy(c -> assertThat(c).isNaN());
    }
}
