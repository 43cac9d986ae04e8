package org.unveil.hosts.evidence;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.unveil.capture.LinkType;
import org.unveil.capture.TestPackets;
import org.unveil.capture.decode.PacketLayers;
import org.unveil.capture.decode.TcpHeader;

class OsSignaturesTest {
    private static SynSignature syn(int ttl, TestPackets.Tcp tcp) {
        PacketLayers layers = TestPackets.decode(LinkType.RAW,
                TestPackets.ipv4().ttl(ttl).df().build(tcp.flags(TcpHeader.SYN).build()));
        return SynSignature.of(layers.ipv4().ttl(), layers.ipv4().dontFragment(), layers.tcp());
    }

    @Test
    void linuxWindowsAndMacosSynsAreNamed() {
        // Option layouts as these stacks send them (checked against captures of each).
        SynSignature linux = syn(63, TestPackets.tcp().window(64240).mss(1460).sackPermitted().timestamps(1, 0).nop()
                .windowScale(7));
        SynSignature windows = syn(127, TestPackets.tcp().window(64240).mss(1460).nop().windowScale(8).nop().nop()
                .sackPermitted());
        SynSignature macos = syn(64, TestPackets.tcp().window(65535).mss(1460).nop().windowScale(6).nop().nop()
                .timestamps(1, 0).sackPermitted().eol().eol());
        assertThat(linux.toString()).isEqualTo("64:64240:1460:7:MSTNW");
        assertThat(OsSignatures.guess(linux)).isEqualTo(OsFamily.LINUX);
        assertThat(OsSignatures.guess(windows)).isEqualTo(OsFamily.WINDOWS);
        assertThat(OsSignatures.guess(macos)).isEqualTo(OsFamily.MACOS);
    }

    @Test
    void aLinuxLayoutWithAnotherTtlIsStillLinux() {
        SynSignature ttl128 = syn(127, TestPackets.tcp().window(64240).mss(1460).sackPermitted().timestamps(1, 0)
                .nop().windowScale(7));
        assertThat(ttl128.initialTtl()).isEqualTo(128);
        assertThat(OsSignatures.guess(ttl128)).isEqualTo(OsFamily.LINUX);
    }

    @Test
    void anUnknownLayoutSaysUnknownWithTheTtl() {
        SynSignature odd = syn(250, TestPackets.tcp().window(1024).mss(536));
        assertThat(OsSignatures.guess(odd)).isEqualTo(OsFamily.UNKNOWN);
        assertThat(OsSignatures.guess(odd).label(odd.initialTtl())).isEqualTo("unknown-ttl255");
    }
}
