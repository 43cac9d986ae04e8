package org.unveil.balance.schedulers;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.unveil.balance.SimPacket;

class BalanceHashTest {
    /** 10.0.0.1 ↔ 192.168.1.2:80: 0x0A000001 + 0xC0A80102 + 80 = 3400008019. */
    private static final Trace.Flow WEB = new Trace.Flow(6, 0x0a000001L, 51000, 0xc0a80102L, 80);
    /** 10.0.0.5 ↔ 8.8.8.8:53: 0x0A000005 + 0x08080808 + 53 = 302516290. */
    private static final Trace.Flow DNS = new Trace.Flow(17, 0x0a000005L, 33333, 0x08080808L, 53);

    @Test
    void nodeIsSourcePlusDestinationPlusRemotePortModN() {
        assertThat(assign(3, WEB, true)).isEqualTo(1); // 3400008019 mod 3 = 1
        assertThat(assign(4, WEB, true)).isEqualTo(3); // 3400008019 mod 4 = 3
        assertThat(assign(3, DNS, true)).isEqualTo(1); // 302516290 mod 3 = 1
        assertThat(assign(4, DNS, true)).isEqualTo(2); // 302516290 mod 4 = 2
    }

    @Test
    void repliesGoWhereTheirRequestsWent() {
        assertThat(assign(4, WEB, false)).isEqualTo(assign(4, WEB, true));
        assertThat(assign(3, DNS, false)).isEqualTo(assign(3, DNS, true));
    }

    @Test
    void modulusIsTakenOverTheLiveNodes() {
        BalanceHash balance = Flows.started(new BalanceHash(), 3, 3);
        balance.nodeDown(1, 0);
        // Live nodes [0, 2]: 3400008019 mod 2 = 1 → node 2; 302516290 mod 2 = 0 → node 0.
        assertThat(balance.assign(Trace.packetOf(WEB, 0, true))).isEqualTo(2);
        assertThat(balance.assign(Trace.packetOf(DNS, 1, true))).isZero();
    }

    private static int assign(int nodes, Trace.Flow flow, boolean outbound) {
        SimPacket packet = Trace.packetOf(flow, 0, outbound);
        return Flows.started(new BalanceHash(), nodes, nodes).assign(packet);
    }
}
