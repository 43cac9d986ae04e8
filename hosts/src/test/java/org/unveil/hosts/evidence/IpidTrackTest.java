package org.unveil.hosts.evidence;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.unveil.hosts.evidence.IpidTrack.Kind;

class IpidTrackTest {
    private static IpidTrack track(int... ids) {
        IpidTrack t = new IpidTrack();
        for (int i = 0; i < ids.length; i++) {
            t.add(ids[i], i * 1_000_000L);
        }
        return t;
    }

    @Test
    void aCounterWrappingAt2To16IsACounter() {
        assertThat(track(65533, 65534, 65535, 0, 1, 3).kind()).isEqualTo(Kind.COUNTER);
    }

    @Test
    void aCounterWrappingAt2To15IsACounter() {
        assertThat(track(32765, 32766, 32767, 0, 1, 2).kind()).isEqualTo(Kind.COUNTER);
    }

    @Test
    void aByteSwappedCounterIsRecognisedAndReadSwapped() {
        // Old Windows wrote its counter little-endian: 0xeedb, 0xefdb, 0xf0db counts 0xdbee, 0xdbef, 0xdbf0.
        IpidTrack t = track(0xeedb, 0xefdb, 0xf0db, 0xf2db);
        assertThat(t.kind()).isEqualTo(Kind.SWAPPED_COUNTER);
        assertThat(t.first()).isEqualTo(0xdbee);
        assertThat(t.last()).isEqualTo(0xdbf2);
    }

    @Test
    void randomIdentificationsAreRandom() {
        Random r = new Random(4);
        int[] ids = new int[40];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = r.nextInt(65536);
        }
        assertThat(track(ids).kind()).isEqualTo(Kind.RANDOM);
    }

    @Test
    void zerosAreZeroAndTooFewPacketsAreUnknown() {
        assertThat(track(0, 0, 0, 0).kind()).isEqualTo(Kind.ZERO);
        assertThat(track(10, 11).kind()).isEqualTo(Kind.UNKNOWN);
    }

    @Test
    void aLittleReorderingStillCounts() {
        assertThat(track(100, 101, 103, 102, 104, 105, 106).kind()).isEqualTo(Kind.COUNTER);
    }

    @Test
    void aLongFlowKeepsPointsSpreadOverItsLifeAndItsLastValue() {
        IpidTrack t = new IpidTrack();
        for (int i = 0; i < 1000; i++) {
            t.add(500 + i, i * 1_000_000L); // one packet a millisecond, the counter one step each
        }
        assertThat(t.points()).isBetween(IpidTrack.MAX_SAMPLES / 2, IpidTrack.MAX_SAMPLES + 1);
        assertThat(t.pointValue(0)).isEqualTo(500);
        assertThat(t.pointValue(t.points() - 1)).isEqualTo(1499);
        assertThat(t.pointNanos(t.points() - 1)).isEqualTo(999_000_000L);
        // at 600 ms the flow had written 1100; the point before lies no more than 1000 / 8 packets back
        int at = t.pointAtOrBefore(600_000_000L);
        assertThat(t.pointNanos(at)).isLessThanOrEqualTo(600_000_000L);
        assertThat(t.pointValue(at)).isBetween(1100 - 1000 / 8, 1100);
        assertThat(t.pointAtOrBefore(-1)).isEqualTo(-1);
        for (int i = 1; i < t.points(); i++) {
            assertThat(t.pointNanos(i)).isGreaterThan(t.pointNanos(i - 1));
        }
    }

    @Test
    void aSwappedCounterReadsItsPointsSwapped() {
        IpidTrack t = track(0xeedb, 0xefdb, 0xf0db, 0xf2db);
        assertThat(t.pointValue(0)).isEqualTo(0xdbee);
        assertThat(t.pointValue(t.points() - 1)).isEqualTo(0xdbf2);
    }
}
