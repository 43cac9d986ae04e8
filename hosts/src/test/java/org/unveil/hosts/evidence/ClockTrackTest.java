package org.unveil.hosts.evidence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.junit.jupiter.api.Test;

class ClockTrackTest {
    /** A clock at {@code hz} with {@code ppm} skew, sampled every {@code stepMs} with up to 3 ms of delay. */
    private static ClockTrack sampled(double hz, double ppm, long start, int samples, int stepMs, long seed) {
        Random r = new Random(seed);
        ClockTrack c = new ClockTrack();
        for (int i = 0; i < samples; i++) {
            long sent = i * stepMs * 1_000_000L;
            long seen = sent + r.nextInt(3_000_000);
            c.add(seen, (start + (long) Math.floor(sent / 1e9 * hz * (1 + ppm * 1e-6))) & 0xFFFFFFFFL);
        }
        return c;
    }

    @Test
    void theRateOfACommonClockIsFoundAndNamed() {
        ClockTrack c = sampled(1000, 50, 12345, 500, 20, 1);
        assertThat(c.rate()).isCloseTo(1000.05, within(0.5));
        assertThat(c.nominalHz()).isEqualTo(1000);
        assertThat(sampled(250, -30, 99, 300, 50, 2).nominalHz()).isEqualTo(250);
        assertThat(sampled(100, 0, 7, 300, 50, 3).nominalHz()).isEqualTo(100);
    }

    @Test
    void tsvalsAreUnwrappedAcross2To32() {
        ClockTrack c = sampled(1000, 0, 0xFFFF_FF00L, 100, 10, 4);
        assertThat(c.ticks(c.size() - 1)).isGreaterThan(0xFFFF_FFFFL);
        assertThat(c.nominalHz()).isEqualTo(1000);
    }

    @Test
    void memoryStaysBoundedForAWeekLongConnection() {
        ClockTrack c = sampled(1000, 0, 5, 600_000, 1000, 5);
        assertThat(c.size()).isLessThanOrEqualTo(ClockTrack.CAPACITY);
        assertThat(c.spanNanos()).isGreaterThan(590_000L * 1_000_000_000L);
        assertThat(c.nominalHz()).isEqualTo(1000);
    }

    @Test
    void olderStampsOvertakenByNewerOnesAreIgnored() {
        ClockTrack c = new ClockTrack();
        c.add(0, 1000);
        c.add(200_000_000L, 1200);
        c.add(210_000_000L, 1150);
        assertThat(c.size()).isEqualTo(2);
        assertThat(c.ticks(1)).isEqualTo(1200);
    }

    @Test
    void aShortFlowHasNoRate() {
        assertThat(sampled(1000, 0, 1, 5, 10, 6).rate()).isNaN();
    }
}
