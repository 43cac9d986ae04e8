package org.unveil.generator;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.unveil.capture.decode.TlsClientHello;
import org.unveil.generator.app.TlsClientHelloWriter;
import org.unveil.generator.app.TlsProfile;
import org.unveil.generator.frame.Ascii;
import org.unveil.generator.stack.Rng;

/** The one ClientHello writer, read back by the capture module's decoder and by a walk over its bytes here. */
class TlsClientHelloWriterTest {
    private static final byte[] NAME = Ascii.bytes("shop.example.com");

    private static byte[] hello(TlsProfile profile, long seed) {
        byte[] b = new byte[4096];
        int length = new TlsClientHelloWriter(profile).write(b, 0, NAME, new Rng(seed));
        return java.util.Arrays.copyOf(b, length);
    }

    private static TlsClientHello decoded(byte[] hello) {
        TlsClientHello h = new TlsClientHello();
        assertThat(h.wrap(MemorySegment.ofArray(hello), 0, hello.length)).isTrue();
        assertThat(h.isComplete()).isTrue();
        return h;
    }

    /** The extensions as (type, body) in order, walked from the record's own length fields. */
    private static List<int[]> extensions(byte[] b) {
        assertThat(((b[3] & 0xFF) << 8 | (b[4] & 0xFF)) + 5).isEqualTo(b.length);
        int i = 5 + 4 + 2 + 32;
        i += 1 + (b[i] & 0xFF);
        i += 2 + u16(b, i);
        i += 1 + (b[i] & 0xFF);
        int end = i + 2 + u16(b, i);
        assertThat(end).isEqualTo(b.length);
        List<int[]> out = new ArrayList<>();
        for (i += 2; i < end; ) {
            int type = u16(b, i);
            int length = u16(b, i + 2);
            out.add(new int[] {type, i + 4, length});
            i += 4 + length;
        }
        return out;
    }

    private static int u16(byte[] b, int i) {
        return (b[i] & 0xFF) << 8 | (b[i + 1] & 0xFF);
    }

    @Test
    void chrome131HasGreaseEverywhereAHybridKeyShareAndAlps() {
        byte[] b = hello(TlsProfile.CHROME_131, 3);
        TlsClientHello h = decoded(b);
        assertThat(h.serverName()).isEqualTo("shop.example.com");
        assertThat(h.highestVersion()).isEqualTo(0x0304);
        assertThat(TlsClientHello.isGrease(h.cipherSuite(0))).isTrue();
        List<int[]> ext = extensions(b);
        assertThat(ext).hasSize(17);
        assertThat(TlsClientHello.isGrease(ext.getFirst()[0])).isTrue();
        assertThat(ext.getFirst()[2]).isZero();
        assertThat(TlsClientHello.isGrease(ext.getLast()[0])).isTrue();
        assertThat(ext.getLast()[2]).isEqualTo(1);
        assertThat(ext.getLast()[0]).isNotEqualTo(ext.getFirst()[0]);
        assertThat(ext.get(15)[0]).isEqualTo(0x44CD);
        int[] keyShare = ext.stream().filter(e -> e[0] == 51).findFirst().orElseThrow();
        int at = keyShare[1] + 2;
        List<Integer> groups = new ArrayList<>();
        List<Integer> lengths = new ArrayList<>();
        while (at < keyShare[1] + keyShare[2]) {
            groups.add(u16(b, at));
            lengths.add(u16(b, at + 2));
            at += 4 + u16(b, at + 2);
        }
        assertThat(lengths).containsExactly(1, 1216, 32);
        assertThat(groups.subList(1, 3)).containsExactly(0x11EC, 0x001D);
        int[] supported = h.u16List(10);
        assertThat(groups.getFirst()).isEqualTo(supported[0]); // one GREASE group for both, as BoringSSL
        assertThat(b.length).isGreaterThan(1460); // spans two segments
    }

    @Test
    void safariOffersTls13DownTo10AndFirefoxSendsAP256Point() {
        byte[] safari = hello(TlsProfile.SAFARI_18, 5);
        int[] versions = extensions(safari).stream().filter(e -> e[0] == 43).findFirst().orElseThrow();
        assertThat(safari[versions[1]]).isEqualTo((byte) 10); // GREASE and four versions
        assertThat(u16(safari, versions[1] + 3)).isEqualTo(0x0304);
        assertThat(u16(safari, versions[1] + 9)).isEqualTo(0x0301);
        byte[] firefox = hello(TlsProfile.FIREFOX_133, 5);
        assertThat(TlsClientHello.isGrease(decoded(firefox).cipherSuite(0))).isFalse();
        int[] keyShare = extensions(firefox).stream().filter(e -> e[0] == 51).findFirst().orElseThrow();
        int p256 = keyShare[1] + 2 + 4 + 32;
        assertThat(u16(firefox, p256)).isEqualTo(0x0017);
        assertThat(u16(firefox, p256 + 2)).isEqualTo(65);
        assertThat(firefox[p256 + 4]).isEqualTo((byte) 4);
        assertThat(extensions(firefox).getLast()[0]).isEqualTo(28);
    }

    @Test
    void legacyTls12HasNoSupportedVersionsNoKeyShareAndNoSessionId() {
        byte[] b = hello(TlsProfile.IE11, 1);
        TlsClientHello h = decoded(b);
        assertThat(h.highestVersion()).isEqualTo(0x0303);
        assertThat(u16(b, 1)).isEqualTo(0x0303);
        assertThat(b[TlsClientHelloWriter.SESSION_ID_OFFSET - 1]).isZero();
        assertThat(h.extensionIndex(43)).isNegative();
        assertThat(h.extensionIndex(51)).isNegative();
        assertThat(TlsProfile.IE11.offersTls13()).isFalse();
        assertThat(h.alpnProtocols()).containsExactly("http/1.1");
    }

    @Test
    void oneSeedGivesOneHelloAndChromeShufflesAllButGrease() {
        assertThat(hello(TlsProfile.CHROME, 9)).isEqualTo(hello(TlsProfile.CHROME, 9));
        List<Integer> a = extensions(hello(TlsProfile.CHROME, 1)).stream().map(e -> e[0]).toList();
        List<Integer> c = extensions(hello(TlsProfile.CHROME, 2)).stream().map(e -> e[0]).toList();
        assertThat(a).isNotEqualTo(c);
        assertThat(a.subList(1, a.size() - 1)).containsExactlyInAnyOrderElementsOf(c.subList(1, c.size() - 1));
        assertThat(TlsClientHello.isGrease(a.getFirst()) && TlsClientHello.isGrease(a.getLast())).isTrue();
    }
}
