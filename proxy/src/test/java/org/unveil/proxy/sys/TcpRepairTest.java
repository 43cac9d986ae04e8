package org.unveil.proxy.sys;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TcpRepairTest {
    /** TCP_TIMESTAMP's low bit chooses microsecond timestamps from Linux 6.7 on; before, it is the clock's own. */
    @Test
    void theMicrosecondBitIsReadOnlyOnKernelsThatHaveIt() {
        assertThat(TcpRepair.kernelAtLeast("6.18.44-fc-v1272", 6, 7)).isTrue();
        assertThat(TcpRepair.kernelAtLeast("6.7.0", 6, 7)).isTrue();
        assertThat(TcpRepair.kernelAtLeast("7.0.1", 6, 7)).isTrue();
        assertThat(TcpRepair.kernelAtLeast("6.6.87-amd64", 6, 7)).isFalse();
        assertThat(TcpRepair.kernelAtLeast("5.10.0-33-amd64", 6, 7)).isFalse();
    }

    @Test
    void anUnreadableReleaseCountsAsNew() {
        assertThat(TcpRepair.kernelAtLeast("", 6, 7)).isTrue();
    }
}
