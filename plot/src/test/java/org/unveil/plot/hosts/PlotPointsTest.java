package org.unveil.plot.hosts;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Samples gathered from passes: one stride, held to the cap, spread over the capture, in packet order. */
class PlotPointsTest {
    private static final FlowLabels NO_HOSTS = new FlowLabels(Collections.nCopies(1, null), List.of());

    /**
     * A million addresses each send a few packets: their samples are tiny, and a sample's first point must not
     * be kept for each of them (the chart would show only the start of the capture). 20,000 samples of ten
     * packets, interleaved over 200,000 packets, within a cap of 2,000 points.
     */
    @Test
    void manySmallSamplesAreThinnedEvenlyNotToTheirFirstPoints() {
        PlotPoints points = new PlotPoints();
        int samples = 20_000;
        for (int k = 0; k < samples; k++) {
            PointSample s = new PointSample(16);
            for (int i = 0; i < 10; i++) {
                long number = 1 + k + (long) i * samples; // sample k's packets spread over the whole capture
                s.offer(number, number * 1000, number & 0xFFFF, PointSample.NONE, 1024, 64, 0);
            }
            points.add(s, NO_HOSTS, ColorBy.HOST, 2000);
        }
        points.finish(2000);
        assertThat(points.size()).isBetween(500, 2000);
        assertThat(points.offered()).isEqualTo(10L * samples);
        long late = 0;
        for (int i = 0; i < points.size(); i++) {
            late += points.number(i) > 5L * samples ? 1 : 0;
            if (i > 0) {
                assertThat(points.number(i)).isGreaterThan(points.number(i - 1));
            }
        }
        // half the packets lie in the second half of the capture, and so must about half the points
        assertThat((double) late / points.size()).isBetween(0.4, 0.6);
        assertThat(points.stride()).isGreaterThan(1);
    }

    /**
     * The 10 M-flow chart's bands (issue 12): 2,000 addresses each send 20 packets spread over the capture, and
     * the points over all of them must shrink to a budget, which halves every address's sample. Chosen by their
     * place in the sample, the kept points were each address's 1st, 9th and 17th packets: three dense bands of
     * packet numbers and nothing between. Every tenth of the capture must hold about a tenth of the points.
     */
    @Test
    void samplesHalvedToABudgetStaySpreadOverTheCapture() {
        int addresses = 2000;
        int each = 20;
        PointSample[] samples = new PointSample[addresses];
        for (int a = 0; a < addresses; a++) {
            samples[a] = new PointSample(1000);
        }
        long total = (long) addresses * each;
        for (long n = 1; n <= total; n++) {
            PointSample s = samples[(int) (n % addresses)]; // round robin, as a NAT pool's flows are
            s.offer(n, n, n & 0xFFFF, PointSample.NONE, 1024, 64, 0);
            if (n % 1000 == 0) { // as PacketPoints does past its budget: every sample halved at once
                long held = 0;
                for (PointSample x : samples) {
                    held += x.size();
                }
                for (PointSample x : samples) {
                    if (held > 4000 && x.size() > 1) {
                        x.halve();
                    }
                }
            }
        }
        PlotPoints points = new PlotPoints();
        for (PointSample s : samples) {
            points.add(s, NO_HOSTS, ColorBy.HOST, 4000);
        }
        points.finish(4000);
        assertThat(points.size()).isBetween(500, 4000);
        int[] perTenth = new int[10];
        for (int i = 0; i < points.size(); i++) {
            perTenth[(int) ((points.number(i) - 1) * 10 / total)]++;
        }
        for (int t = 0; t < 10; t++) {
            assertThat((double) perTenth[t] / points.size()).as("tenth %d of %s", t, java.util.Arrays.toString(perTenth))
                    .isBetween(0.06, 0.14);
        }
    }

    @Test
    void oneSampleIsKeptAsItIs() {
        PointSample s = new PointSample(100);
        for (long n = 1; n <= 50; n++) {
            s.offer(n, n, n, n, n, n, 0);
        }
        PlotPoints points = PlotPoints.of(s, NO_HOSTS, ColorBy.HOST);
        assertThat(points.size()).isEqualTo(50);
        assertThat(points.stride()).isOne();
        assertThat(points.label(0)).isEqualTo(FlowLabels.NO_HOST);
    }
}
