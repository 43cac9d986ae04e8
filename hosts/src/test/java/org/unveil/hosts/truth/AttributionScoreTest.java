package org.unveil.hosts.truth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class AttributionScoreTest {
    private static AttributionScore score(String truth, String inferred) {
        AttributionScore s = new AttributionScore();
        for (int i = 0; i < truth.length(); i++) {
            s.add(truth.substring(i, i + 1), inferred.substring(i, i + 1));
        }
        return s;
    }

    @Test
    void theSamePartitionUnderOtherNamesScoresOne() {
        AttributionScore s = score("aaabbc", "xxxyyz");
        assertThat(s.adjustedRandIndex()).isEqualTo(1.0);
        assertThat(s.purity()).isEqualTo(1.0);
        assertThat(s.trueHosts()).isEqualTo(3);
    }

    @Test
    void aWorkedExampleMatchesTheFormula() {
        // Truth {0,1,2},{3,4,5}; inferred {0,1},{2,3},{4,5}: index 2, expected 1.2, max 4.5 -> 0.8/3.3;
        // majorities 2 + 1 + 2 of 6.
        AttributionScore s = score("aaabbb", "xxyyzz");
        assertThat(s.adjustedRandIndex()).isCloseTo(0.8 / 3.3, within(1e-9));
        assertThat(s.purity()).isCloseTo(5 / 6.0, within(1e-9));
    }

    @Test
    void lumpingEveryoneTogetherScoresZero() {
        AttributionScore s = score("aabbcc", "xxxxxx");
        assertThat(s.adjustedRandIndex()).isCloseTo(0.0, within(1e-9));
        assertThat(s.purity()).isCloseTo(1 / 3.0, within(1e-9));
    }
}
