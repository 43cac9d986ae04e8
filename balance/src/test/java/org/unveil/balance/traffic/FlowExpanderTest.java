package org.unveil.balance.traffic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.unveil.balance.SimPacket;

class FlowExpanderTest {
    static final long CLIENT = FlowCsv.ipv4("10.1.2.3");
    static final long SERVER = FlowCsv.ipv4("198.51.100.7");

    record Seen(long time, int bytes, boolean outbound, long connection, boolean first, boolean last) {
    }

    static List<Seen> expand(List<FlowRecord> flows) throws IOException {
        FlowExpander expander = new FlowExpander(flows.iterator());
        SimPacket p = new SimPacket();
        List<Seen> seen = new ArrayList<>();
        while (expander.next(p)) {
            seen.add(new Seen(p.timeNanos, p.bytes, p.outbound, p.connection, p.firstOfConnection, p.lastOfConnection));
        }
        return seen;
    }

    @Test
    void packetsAlternateDirectionAreEquallySpacedAndTheFirstCarriesTheExcessBytes() throws IOException {
        // 4 packets, 1003 bytes over 3 s: 250 each, the 3 left over on the first; one packet a second
        List<Seen> seen = expand(List.of(new FlowRecord(0, 3_000_000_000L, 6, CLIENT, 40000, SERVER, 80, 4, 1003)));
        assertThat(seen).extracting(Seen::time).containsExactly(0L, 1_000_000_000L, 2_000_000_000L, 3_000_000_000L);
        assertThat(seen).extracting(Seen::bytes).containsExactly(253, 250, 250, 250);
        assertThat(seen).extracting(Seen::outbound).containsExactly(true, false, true, false);
        assertThat(seen).extracting(Seen::first).containsExactly(true, false, false, false);
        assertThat(seen).extracting(Seen::last).containsExactly(false, false, false, true);
    }

    @Test
    void overlappingFlowsInterleaveInTimeAndAreNumberedByStart() throws IOException {
        List<Seen> seen = expand(List.of(
                new FlowRecord(0, 4_000_000_000L, 6, CLIENT, 40000, SERVER, 80, 3, 300),
                new FlowRecord(1_000_000_000L, 0, 17, CLIENT, 40001, SERVER, 53, 1, 60)));
        assertThat(seen).extracting(Seen::time).containsExactly(0L, 1_000_000_000L, 2_000_000_000L, 4_000_000_000L);
        assertThat(seen).extracting(Seen::connection).containsExactly(0L, 1L, 0L, 0L);
    }

    @Test
    void anInboundFlowHasItsClientOnTheExternalSide() throws IOException {
        FlowExpander expander = new FlowExpander(List.of(
                new FlowRecord(0, 0, 6, SERVER, 5555, CLIENT, 25, 1, 100)).iterator());
        SimPacket p = new SimPacket();
        assertThat(expander.next(p)).isTrue();
        assertThat(p.outbound).isFalse();
        assertThat(p.internalAddress).isEqualTo(CLIENT);
        assertThat(p.internalPort).isEqualTo(25);
        assertThat(p.externalPort).isEqualTo(5555);
    }

    @Test
    void flowsOutOfOrderAreAnError() {
        assertThatThrownBy(() -> expand(List.of(
                new FlowRecord(5, 0, 6, CLIENT, 1, SERVER, 2, 1, 1), new FlowRecord(1, 0, 6, CLIENT, 1, SERVER, 2, 1, 1))))
                .isInstanceOf(IOException.class).hasMessageContaining("out of order");
    }
}
