package org.unveil.probe.estimate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class Chao1Test {
    @Test
    void worksTheTextbookCase() {
        // S_obs 4, n 9, f1 2, f2 1: 4 + (8/9)·2·1/(2·2) = 4.444
        Chao1 c = Chao1.of(new int[] {5, 1, 1, 2}, 0.95);
        assertThat(c.estimate()).isCloseTo(4 + 8.0 / 9 * 2 / 4, within(1e-9));
        assertThat(c.low()).isGreaterThanOrEqualTo(4);
        assertThat(c.high()).isGreaterThan(c.estimate());
    }

    @Test
    void aCompleteSampleIsItsOwnCount() {
        Chao1 c = Chao1.of(new int[] {30, 25, 28}, 0.95);
        assertThat(c.count()).isEqualTo(3);
        assertThat(c.lowCount()).isEqualTo(3);
        assertThat(c.highCount()).isEqualTo(3);
    }

    @Test
    void theIntervalCoversTheTruthOfUndersampledBalancers() {
        // 20 back-ends, weights 1..20, only 40 responses: many unseen; the interval should cover 20 mostly
        SplittableRandom random = new SplittableRandom(7);
        double[] w = new double[20];
        double total = 0;
        for (int i = 0; i < w.length; i++) {
            w[i] = i + 1;
            total += w[i];
        }
        int covered = 0;
        int runs = 1000;
        for (int r = 0; r < runs; r++) {
            int[] counts = new int[w.length];
            for (int n = 0; n < 40; n++) {
                double u = random.nextDouble() * total;
                int i = 0;
                while (i < w.length - 1 && (u -= w[i]) >= 0) {
                    i++;
                }
                counts[i]++;
            }
            Chao1 c = Chao1.of(counts, 0.95);
            covered += c.low() <= 20 && 20 <= c.high() ? 1 : 0;
        }
        // Chao1 is a lower bound under heterogeneity: coverage well above chance, not the nominal 95 %
        assertThat(covered / (double) runs).isGreaterThan(0.6);
    }

    @Test
    void sharesHaveWilsonIntervals() {
        Share s = Share.of(25, 100, 0.95);
        // Wilson 95 % for 25/100: 0.1754–0.3430
        assertThat(s.low()).isCloseTo(0.1754, within(5e-4));
        assertThat(s.high()).isCloseTo(0.3430, within(5e-4));
        assertThat(Normal.critical(0.95)).isCloseTo(1.95996, within(1e-4));
    }
}
