package org.unveil.balance.schedulers;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.util.Arrays;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class MaglevTest {

    @ParameterizedTest
    @ValueSource(ints = {3, 4, 6, 8, 12, 16})
    void tableSizeIsTheSmallestPrimeAboveHundredTimesMaxNodes(int nodes) {
        Maglev maglev = Flows.started(new Maglev(), nodes, nodes);
        int size = maglev.tableLength();
        assertThat(size).isGreaterThan(100 * nodes);
        assertThat(BigInteger.valueOf(size).isProbablePrime(50)).isTrue();
        for (int smaller = 100 * nodes + 1; smaller < size; smaller++) {
            assertThat(BigInteger.valueOf(smaller).isProbablePrime(50)).as("%d", smaller).isFalse();
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {3, 4, 6, 8, 12, 16})
    void nodesTableSharesDifferByAtMostOneSlot(int nodes) {
        Maglev maglev = Flows.started(new Maglev(), nodes, nodes);
        int[] slots = new int[nodes];
        Arrays.setAll(slots, maglev::slotsOf);
        assertThat(Arrays.stream(slots).sum()).isEqualTo(maglev.tableLength());
        assertThat(Arrays.stream(slots).max().getAsInt() - Arrays.stream(slots).min().getAsInt())
                .isLessThanOrEqualTo(1);
    }

    @ParameterizedTest
    @ValueSource(ints = {3, 4, 6, 8, 12, 16})
    void sharesStayEvenAfterANodeFails(int nodes) {
        Maglev maglev = Flows.started(new Maglev(), nodes, nodes);
        maglev.nodeDown(nodes / 2, 0);
        int[] slots = new int[nodes];
        Arrays.setAll(slots, maglev::slotsOf);
        assertThat(slots[nodes / 2]).isZero();
        slots[nodes / 2] = slots[0];
        assertThat(Arrays.stream(slots).max().getAsInt() - Arrays.stream(slots).min().getAsInt())
                .isLessThanOrEqualTo(1);
    }

    @ParameterizedTest
    @ValueSource(ints = {3, 4, 6, 8, 12, 16})
    void removingOneNodeLeavesMostSurvivingSlotsInPlace(int nodes) {
        Maglev maglev = Flows.started(new Maglev(), nodes, nodes);
        int size = maglev.tableLength();
        int[] before = new int[size];
        Arrays.setAll(before, maglev::ownerOf);
        int removed = nodes / 2;
        maglev.nodeDown(removed, 0);
        int surviving = 0;
        int moved = 0;
        for (int slot = 0; slot < size; slot++) {
            if (before[slot] != removed) {
                surviving++;
                if (maglev.ownerOf(slot) != before[slot]) {
                    moved++;
                }
            }
        }
        // Maglev gives up perfect minimal disruption for even shares (paper, section 3.4): when the table is
        // rebuilt, a survivor can lose a preferred slot to another survivor's shifted preference list. The
        // paper's resilience experiment (section 5.3) shows this churn staying small when M is much larger
        // than N; with M just above 100 N these N measure 0-3.3% (seed 7), a mod-N hash would move most.
        assertThat((double) moved / surviving).isLessThanOrEqualTo(0.05);
    }
}
