package org.unveil.plot.hosts;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PointSampleTest {
    private static List<Long> numbers(PointSample s) {
        List<Long> out = new ArrayList<>();
        for (int i = 0; i < s.size(); i++) {
            out.add(s.number(i));
        }
        return out;
    }

    @Test
    void underTheCapEveryPointIsKept() {
        PointSample s = new PointSample(10);
        for (int i = 0; i < 10; i++) {
            s.offer(i, i, i, PointSample.NONE, 1, 64, 0);
        }
        assertThat(numbers(s)).containsExactly(0L, 1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L);
        assertThat(s.stride()).isOne();
        assertThat(s.value(YAxis.TSVAL, 3)).isEqualTo(PointSample.NONE);
        assertThat(s.value(YAxis.IPID, 3)).isEqualTo(3);
    }

    @Test
    void overTheCapOnePacketInTheStrideIsKeptSpreadFromTheFirstToTheLast() {
        PointSample s = new PointSample(100);
        for (int i = 0; i < 1000; i++) {
            s.offer(i, i, i % 65536, i, 40000 + i, 64, i % 3);
        }
        // 1000 packets into 100 places: the stride doubles until about 1000 / stride fit
        assertThat(Integer.bitCount(s.stride())).as("a power of two").isOne();
        assertThat(s.stride()).isBetween(8, 32);
        assertThat(s.offered()).isEqualTo(1000);
        assertThat(s.size()).isBetween(1000 / s.stride() / 2, 100);
        // exactly the packets the stride chooses, none missed, in order
        List<Long> expected = new ArrayList<>();
        for (long n = 0; n < 1000; n++) {
            if (PointSample.kept(n, s.stride())) {
                expected.add(n);
            }
        }
        assertThat(numbers(s)).isEqualTo(expected);
        // spread over the whole run: some in every tenth of it
        for (long tenth = 0; tenth < 10; tenth++) {
            long from = tenth * 100;
            assertThat(numbers(s)).as("packets %d to %d", from, from + 99).anyMatch(n -> n >= from && n < from + 100);
        }
        for (int i = 0; i < s.size(); i++) {
            // the columns stay together through the compactions
            assertThat(s.value(YAxis.SPORT, i)).isEqualTo(40000 + s.number(i));
            assertThat(s.flow(i)).isEqualTo((int) (s.number(i) % 3));
        }
    }

    /** A packet kept at a stride is kept at every smaller one: thinning further keeps a subset. */
    @Test
    void aStrideKeepsASubsetOfWhatHalfOfItKeeps() {
        int atEight = 0;
        for (long n = 1; n <= 100_000; n++) {
            if (PointSample.kept(n, 16)) {
                assertThat(PointSample.kept(n, 8)).as("%d", n).isTrue();
            }
            atEight += PointSample.kept(n, 8) ? 1 : 0;
        }
        assertThat(atEight).isBetween(12_400, 12_600);
    }
}
