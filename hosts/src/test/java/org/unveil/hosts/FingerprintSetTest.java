package org.unveil.hosts;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The set of flows a pass leaves out: nothing added is forgotten as it grows, nothing else is reported. */
class FingerprintSetTest {
    @Test
    void holdsWhatWasAddedThroughGrowthAndNothingElse() {
        FingerprintSet set = new FingerprintSet();
        Set<Long> added = new HashSet<>();
        SplittableRandom random = new SplittableRandom(3);
        for (int i = 0; i < 100_000; i++) {
            long f = random.nextLong();
            set.add(f);
            added.add(f);
        }
        assertThat(set.size()).isEqualTo(added.size());
        for (long f : added) {
            assertThat(set.contains(f)).isTrue();
        }
        for (int i = 0; i < 100_000; i++) {
            long f = random.nextLong();
            assertThat(set.contains(f)).isEqualTo(added.contains(f));
        }
    }

    /** Zero marks an empty slot inside; as a fingerprint it is held like any other (as one, which it shares). */
    @Test
    void zeroIsAFingerprintToo() {
        FingerprintSet set = new FingerprintSet();
        assertThat(set.contains(0)).isFalse();
        set.add(0);
        assertThat(set.contains(0)).isTrue();
        set.add(0);
        assertThat(set.size()).isOne();
    }
}
