package org.unveil.hosts.evidence;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.unveil.capture.LinkType;
import org.unveil.capture.TestPackets;
import org.unveil.capture.decode.PacketLayers;
import org.unveil.capture.decode.TlsClientHello;

class TlsFingerprintTest {
    /** Chrome's ClientHello from the JA4 specification's worked example, GREASE included, in Chrome's order. */
    private static TestPackets.ClientHello chrome(int greaseCipher, int greaseExtension) {
        return TestPackets.clientHello()
                .cipherSuites(greaseCipher, 0x1301, 0x1302, 0x1303, 0xc02b, 0xc02f, 0xc02c, 0xc030, 0xcca9, 0xcca8,
                        0xc013, 0xc014, 0x009c, 0x009d, 0x002f, 0x0035)
                .extension(greaseExtension, new byte[0])
                .serverName("example.com")
                .extension(0x0017, new byte[0])
                .extension(0xff01, new byte[] {0})
                .supportedGroups(0x001d, 0x0017)
                .extension(0x000b, new byte[] {1, 0})
                .extension(0x0023, new byte[0])
                .alpn("h2", "http/1.1")
                .extension(0x0005, new byte[] {1, 0, 0, 0, 0})
                .signatureAlgorithms(0x0403, 0x0804, 0x0401, 0x0503, 0x0805, 0x0501, 0x0806, 0x0601)
                .extension(0x0012, new byte[0])
                .extension(0x0033, new byte[] {0, 0})
                .extension(0x002d, new byte[] {1, 1})
                .supportedVersions(0x0304, 0x0303)
                .extension(0x001b, new byte[] {2, 0, 2})
                .extension(0x4469, new byte[] {0, 3, 2, 'h', '2'})
                .extension(0x0015, new byte[4]);
    }

    private static String fingerprint(TestPackets.ClientHello hello) {
        byte[] segment = TestPackets.tcp().ports(50000, 443).payload(hello.build()).build();
        PacketLayers layers = TestPackets.decode(LinkType.RAW, TestPackets.ipv4().build(segment));
        TlsClientHello parsed = layers.tlsClientHello();
        assertThat(parsed).isNotNull();
        return TlsFingerprint.of(parsed);
    }

    @Test
    void chromesHelloGivesTheJa4OfTheSpecificationsExample() {
        assertThat(fingerprint(chrome(0x0a0a, 0x1a1a))).isEqualTo("t13d1516h2_8daaf6152771_e5627efa2ab1");
    }

    @Test
    void greaseValuesDoNotChangeTheFingerprint() {
        assertThat(fingerprint(chrome(0x5a5a, 0xdada))).isEqualTo(fingerprint(chrome(0x0a0a, 0x1a1a)));
    }

    @Test
    void theCacheGivesWhatTheFingerprintGivesWhateverTheGreaseAndExtensionOrder() {
        TlsFingerprintCache cache = new TlsFingerprintCache();
        String first = cacheOf(cache, chrome(0x0a0a, 0x1a1a));
        assertThat(first).isEqualTo("t13d1516h2_8daaf6152771_e5627efa2ab1");
        assertThat(cacheOf(cache, chrome(0x5a5a, 0xdada))).isEqualTo(first);
        // another client library is another fingerprint, not the cached one
        TestPackets.ClientHello curl = TestPackets.clientHello().cipherSuites(0x1301, 0x1302).serverName("x")
                .supportedVersions(0x0304);
        assertThat(cacheOf(cache, curl)).isEqualTo(fingerprint(curl)).isNotEqualTo(first);
    }

    private static String cacheOf(TlsFingerprintCache cache, TestPackets.ClientHello hello) {
        byte[] segment = TestPackets.tcp().ports(50000, 443).payload(hello.build()).build();
        return cache.of(TestPackets.decode(LinkType.RAW, TestPackets.ipv4().build(segment)).tlsClientHello());
    }

    @Test
    void withoutServerNameTheClientSaysIp() {
        String fp = fingerprint(TestPackets.clientHello().cipherSuites(0x1301).supportedVersions(0x0304));
        assertThat(fp).startsWith("t13i0101").contains("00_");
    }
}
