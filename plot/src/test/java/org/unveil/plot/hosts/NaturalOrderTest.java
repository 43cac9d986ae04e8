package org.unveil.plot.hosts;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class NaturalOrderTest {
    @Test
    void numbersInLabelsSortAsNumbers() {
        List<String> hosts = List.of("192.0.2.1#10", "192.0.2.1#2", "192.0.2.1#1", "192.0.2.10#1", "192.0.2.9#3",
                "(no host inferred)", "192.0.2.1#002x");
        assertThat(hosts.stream().sorted(NaturalOrder.INSTANCE).toList()).containsExactly("(no host inferred)",
                "192.0.2.1#1", "192.0.2.1#2", "192.0.2.1#002x", "192.0.2.1#10", "192.0.2.9#3", "192.0.2.10#1");
    }
}
