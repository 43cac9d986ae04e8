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
    void underAMinuteThereIsNoSkew() {
        ClockSkew skew = new ClockSkew();
        skew.add(0, 0);
        skew.add(30, 30.001);
        assertThat(skew.ppm()).isNaN();
    }
}
