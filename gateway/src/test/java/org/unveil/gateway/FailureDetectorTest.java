package org.unveil.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class FailureDetectorTest {
    private static final long MS = 1_000_000L;

    @Test
    void aSilentPeerFailsAfterTheTimeoutAndComesBackWhenHeard() {
        FailureDetector detector = new FailureDetector(0, 3, 500 * MS, 0);
        detector.heard(1, 400 * MS);
        assertThat(detector.nextFailed(499 * MS)).isEqualTo(-1);
        assertThat(detector.nextFailed(501 * MS)).isEqualTo(2);
        assertThat(detector.nextFailed(501 * MS)).isEqualTo(-1);
        assertThat(detector.lowestLive()).isZero();
        assertThat(detector.nextFailed(901 * MS)).isEqualTo(1);
        assertThat(detector.isAlive(1)).isFalse();
        assertThat(detector.heard(1, 950 * MS)).isTrue();
        assertThat(detector.heard(1, 960 * MS)).isFalse();
        assertThat(detector.isAlive(1)).isTrue();
    }

    @Test
    void theLowestLiveNodeAnswersArp() {
        FailureDetector detector = new FailureDetector(2, 3, 500 * MS, 0);
        detector.heard(1, 400 * MS);
        assertThat(detector.nextFailed(600 * MS)).isZero();
        assertThat(detector.lowestLive()).isEqualTo(1);
    }
}
