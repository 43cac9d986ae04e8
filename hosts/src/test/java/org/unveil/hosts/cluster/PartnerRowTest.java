package org.unveil.hosts.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class PartnerRowTest {
    @Test
    void addsSumAndAnAbsentPartnerHasNoBits() {
        PartnerRow row = new PartnerRow();
        row.add(7, 1.5);
        row.add(7, -0.5);
        row.add(9, 3);
        assertThat(row.get(7)).isEqualTo(1.0);
        assertThat(row.get(9)).isEqualTo(3.0);
        assertThat(row.get(8)).isZero();
        assertThat(row.ids()).containsExactlyInAnyOrder(7, 9);
    }

    /**
     * Removal shifts entries back instead of leaving tombstones, the step that is easy to get wrong: a lookup
     * must still find every partner that probed past the hole. Random adds and removes over few slots (ids that
     * collide often) against a HashMap, after every step.
     */
    @Test
    void randomAddsAndRemovesAgreeWithAMapAfterEveryStep() {
        Random random = new Random(14);
        for (int run = 0; run < 200; run++) {
            PartnerRow row = new PartnerRow();
            Map<Integer, Double> expected = new HashMap<>();
            for (int step = 0; step < 300; step++) {
                int id = random.nextInt(40);
                if (random.nextInt(3) == 0) {
                    row.remove(id);
                    expected.remove(id);
                } else {
                    double bits = random.nextInt(17) - 8;
                    row.add(id, bits);
                    expected.merge(id, bits, Double::sum);
                }
                for (int probe = 0; probe < 40; probe++) {
                    assertThat(row.get(probe)).as("run %d step %d id %d", run, step, probe)
                            .isEqualTo(expected.getOrDefault(probe, 0.0));
                }
                assertThat(Arrays.stream(row.ids()).boxed().toList()).containsExactlyInAnyOrderElementsOf(expected.keySet());
            }
        }
    }

    @Test
    void removingAnAbsentPartnerChangesNothing() {
        PartnerRow row = new PartnerRow();
        row.add(1, 2);
        row.remove(5);
        assertThat(row.ids()).containsExactly(1);
        assertThat(row.get(1)).isEqualTo(2.0);
    }
}
