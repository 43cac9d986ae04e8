package org.unveil.balance.glob;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.unveil.balance.SimPacket;
import org.unveil.balance.SimulationContext;

class GlobBalanceTest {
    private static final long SECOND = 1_000_000_000L;
    private static final int NODES = 4;

    /**
     * Table 12 measures the peak share over 10 s windows, relative to the expected 1/n, after the 180 s
     * learning phase ("stable period"): 1.278 for 4-node GLOB on the real trace. Our synthetic trace has no
     * multi-minute single connection that GLOB cannot split (the §12.6 anomaly), so the thesis's own 4-node
     * figure is a fair upper bound (the run measures about 1.05).
     */
    @Test
    void afterTheLearningPhaseNoNodeCarriesMuchMoreThanItsShareOnSkewedTraffic() {
        GlobScheduler glob = new GlobScheduler();
        glob.start(NODES, new SimulationContext(new Random(11), NODES));
        SkewedTraffic traffic = new SkewedTraffic(5, 2000);
        long[] window = new long[NODES];
        long windowEnd = 190 * SECOND;
        double peak = 0;
        for (int i = 0; i < 2000 * 900; i++) {
            SimPacket packet = traffic.next();
            glob.advanceTo(packet.timeNanos);
            int node = glob.assign(packet);
            if (packet.timeNanos > 180 * SECOND) {
                if (packet.timeNanos > windowEnd) {
                    peak = Math.max(peak, peakShare(window));
                    java.util.Arrays.fill(window, 0);
                    windowEnd += 10 * SECOND;
                }
                window[node] += packet.bytes;
            }
        }
        assertThat(peak).isLessThan(1.278);
    }

    private static double peakShare(long[] bytes) {
        long total = java.util.Arrays.stream(bytes).sum();
        long max = java.util.Arrays.stream(bytes).max().orElseThrow();
        return (double) max * bytes.length / total;
    }
}
