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
    void overTheCapEveryStrideThPacketIsKeptFromTheFirstToTheLast() {
        PointSample s = new PointSample(100);
        for (int i = 0; i < 1000; i++) {
            s.offer(i, i, i % 65536, i, 40000 + i, 64, i % 3);
        }
        // 1000 packets into 100 places: strides 1, 2, 4, 8 overflow; every 16th fits (63 points, 0..992)
        assertThat(s.stride()).isEqualTo(16);
        assertThat(s.offered()).isEqualTo(1000);
        List<Long> expected = new ArrayList<>();
        for (long n = 0; n < 1000; n += 16) {
            expected.add(n);
        }
        assertThat(numbers(s)).isEqualTo(expected);
        for (int i = 0; i < s.size(); i++) {
            // the columns stay together through the compactions
            assertThat(s.value(YAxis.SPORT, i)).isEqualTo(40000 + s.number(i));
            assertThat(s.flow(i)).isEqualTo((int) (s.number(i) % 3));
        }
    }
}
