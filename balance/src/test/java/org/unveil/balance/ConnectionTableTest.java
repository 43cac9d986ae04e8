package org.unveil.balance;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ConnectionTableTest {

    @Test
    void agreesWithHashMapUnderRandomPutsRemovesAndReassigns() {
        ConnectionTable table = new ConnectionTable();
        Map<Long, Integer> expected = new HashMap<>();
        Random random = new Random(1);
        for (int op = 0; op < 200_000; op++) {
            // Few distinct keys, so probe chains collide, grow and shrink through backward-shift deletes.
            long key = random.nextInt(3000);
            switch (random.nextInt(3)) {
                case 0 -> {
                    int node = random.nextInt(8);
                    table.put(key, node);
                    expected.put(key, node);
                }
                case 1 -> {
                    table.remove(key);
                    expected.remove(key);
                }
                default -> assertThat(table.get(key)).isEqualTo(expected.getOrDefault(key, -1));
            }
        }
        table.reassign(3, connection -> 9);
        expected.replaceAll((key, node) -> node == 3 ? 9 : node);
        assertThat(table.size()).isEqualTo(expected.size());
        for (long key = 0; key < 3000; key++) {
            assertThat(table.get(key)).as("key %d", key).isEqualTo(expected.getOrDefault(key, -1));
        }
    }
}
