package org.unveil.hosts.evidence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.junit.jupiter.api.Test;

class ClockSkewTest {
    @Test
    void theSkewUnderRandomDelaysIsFoundWithinOnePpmOverAnHour() {
        for (double ppm : new double[] {-87.5, -12, 0, 33.3, 100}) {
            Random r = new Random((long) ppm * 31 + 7);
            ClockSkew skew = new ClockSkew();
            for (int i = 0; i < 3600; i++) {
                double sent = i;
                double clock = 5000 + sent * (1 + ppm * 1e-6);
                double seen = sent + 0.0005 + r.nextDouble() * 0.02 * r.nextDouble(); // delays only add
                skew.add(seen, Math.floor(clock * 1000) / 1000); // a 1 kHz clock ticks in whole milliseconds
            }
            assertThat(skew.ppm()).as("skew %s ppm", ppm).isCloseTo(ppm, within(1.0));
        }
    }

    @Test
    void theErrorIsMeasuredFromTheDataAndCoversTheTruth() {
        for (double ppm : new double[] {-60, 7.5, 45}) {
            SkewEstimate estimate = observe(ppm, 600, 0.005).estimate(0.001);
            assertThat(estimate.sigmaPpm()).as("sigma at %s ppm", ppm).isLessThanOrEqualTo(WORST_CASE_PPM)
                    .isGreaterThanOrEqualTo(ClockSkew.FLOOR_PPM);
            assertThat(Math.abs(estimate.ppm() - ppm)).as("error at %s ppm", ppm)
                    .isLessThan(3 * estimate.sigmaPpm());
        }
    }

    @Test
    void denseCalmObservationsGiveASmallerErrorThanTheTicksWorstCase() {
        SkewEstimate estimate = observe(-20, 5000, 0.0005).estimate(0.001);
        assertThat(estimate.sigmaPpm()).isLessThan(WORST_CASE_PPM / 3);
        assertThat(Math.abs(estimate.ppm() + 20)).isLessThan(3 * estimate.sigmaPpm());
    }

    /** The two ends of 540 s of a 1 kHz clock a tick apart (each stamp hides up to one), plus half a ppm. */
    private static final double WORST_CASE_PPM = 0.001 / 540 * 1e6 + 0.5;

    /** {@code count} stamps of a 1 kHz clock over 540 s, each delayed by up to {@code maxDelay} seconds. */
    private static ClockSkew observe(double ppm, int count, double maxDelay) {
        Random r = new Random((long) ppm * 17 + count);
        ClockSkew skew = new ClockSkew();
        for (int i = 0; i < count; i++) {
            double sent = i * 540.0 / (count - 1);
            double clock = 100 + sent * (1 + ppm * 1e-6);
            skew.add(sent + 0.0002 + r.nextDouble() * maxDelay * r.nextDouble(), Math.floor(clock * 1000) / 1000);
        }
        return skew;
    }

    @Test
    void oneHostsLinesCombineIntoASurerSkew() {
        SkewEstimate combined = SkewEstimate.combine(java.util.List.of(
                new SkewEstimate(10, 1), new SkewEstimate(12, 1), new SkewEstimate(20, 100)));
        assertThat(combined.ppm()).isCloseTo(11, within(0.01));
        assertThat(combined.sigmaPpm()).isCloseTo(Math.sqrt(0.5), within(0.01));
        assertThat(SkewEstimate.combine(java.util.List.of())).isNull();
    }

    @Test
    void underAMinuteThereIsNoSkew() {
        ClockSkew skew = new ClockSkew();
        skew.add(0, 0);
        skew.add(30, 30.001);
        assertThat(skew.ppm()).isNaN();
    }
}
