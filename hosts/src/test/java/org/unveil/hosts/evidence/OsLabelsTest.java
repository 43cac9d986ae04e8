package org.unveil.hosts.evidence;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.unveil.capture.LinkType;
import org.unveil.capture.TestPackets;
import org.unveil.capture.decode.PacketLayers;
import org.unveil.capture.decode.TcpHeader;

class OsLabelsTest {
    private static SynSignature syn(int ttl, TestPackets.Tcp tcp) {
        PacketLayers layers = TestPackets.decode(LinkType.RAW,
                TestPackets.ipv4().ttl(ttl).df().build(tcp.flags(TcpHeader.SYN).build()));
        return SynSignature.of(layers.ipv4().ttl(), layers.ipv4().dontFragment(), layers.tcp());
    }

    private static TestPackets.Tcp mnns(int window) {
        return TestPackets.tcp().window(window).mss(1460).nop().nop().sackPermitted();
    }

    @Test
    void windowsGenerationsFollowTheirWindowAndScale() {
        assertThat(OsLabels.label(syn(128, mnns(65535)), false)).isEqualTo("windows-xp");
        assertThat(OsLabels.label(syn(113, mnns(64240)), false)).isEqualTo("windows-2000/xp");
        SynSignature vista = syn(128, TestPackets.tcp().window(8192).mss(1460).nop().windowScale(2).nop().nop()
                .sackPermitted());
        assertThat(OsLabels.label(vista, false)).isEqualTo("windows-vista/7");
    }

    @Test
    void onlyAByteSwappedCounterMakesAn8192SynWindows9x() {
        // Windows 98 and a Windows 7 socket without scaling send the same SYN (gnutella.pcap, ek_to_cryptowall4)
        assertThat(OsLabels.label(syn(127, mnns(8192)), true)).isEqualTo("windows-98/me");
        assertThat(OsLabels.label(syn(127, mnns(8192)), false)).isEqualTo("windows-vista/7/8/10");
    }

    @Test
    void linuxAndMacGenerationsFollowTheWindowMultipleAndScale() {
        SynSignature linux26 = syn(64, TestPackets.tcp().window(5840).mss(1460).sackPermitted().timestamps(1, 0)
                .nop().windowScale(6));
        SynSignature linux6 = syn(64, TestPackets.tcp().window(64240).mss(1460).sackPermitted().timestamps(1, 0)
                .nop().windowScale(7));
        SynSignature tiger = syn(64, TestPackets.tcp().window(65535).mss(1460).nop().windowScale(0).nop().nop()
                .timestamps(1, 0).sackPermitted().eol().eol());
        assertThat(OsLabels.label(linux26, false)).isEqualTo("linux-2.6");
        assertThat(OsLabels.label(linux6, false)).isEqualTo("linux-5.x/6.x");
        assertThat(OsLabels.label(tiger, false)).isEqualTo("macos-10.4");
    }

    @Test
    void aSynNoRowKnowsHasNoLabel() {
        assertThat(OsLabels.label(syn(250, TestPackets.tcp().window(1024).mss(536)), false)).isNull();
    }
}
