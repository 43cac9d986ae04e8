package org.unveil.hosts.evidence;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.unveil.hosts.evidence.IpidTrack.Kind;

class IpidTrackTest {
    private static IpidTrack track(int... ids) {
        IpidTrack t = new IpidTrack();
        for (int id : ids) {
            t.add(id);
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
}
