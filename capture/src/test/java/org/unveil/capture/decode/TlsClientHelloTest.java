package org.unveil.capture.decode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.unveil.capture.TestPackets.ascii;
import static org.unveil.capture.TestPackets.bytes;
import static org.unveil.capture.TestPackets.clientHello;
import static org.unveil.capture.TestPackets.concat;
import static org.unveil.capture.TestPackets.cut;

import java.lang.foreign.MemorySegment;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.unveil.capture.TestPackets.ClientHello;

class TlsClientHelloTest {
    private final TlsClientHello hello = new TlsClientHello();

    private boolean wrapAt(int at, byte[] bytes) {
        return hello.wrap(MemorySegment.ofArray(concat(new byte[at], bytes)), at, bytes.length);
    }

    /** A browser-like hello: GREASE first among ciphers, extensions and versions. */
    private static ClientHello browserHello() {
        return clientHello().cipherSuites(0x9A9A, 0x1301, 0x1302, 0x1303, 0xC02B)
                .extension(0x2A2A, new byte[0])
                .serverName("www.example.org")
                .supportedGroups(0xDADA, 0x001D, 0x0017, 0x0018)
                .signatureAlgorithms(0x0403, 0x0804, 0x0401, 0x0503)
                .alpn("h2", "http/1.1")
                .supportedVersions(0x7A7A, 0x0304, 0x0303)
                .extension(0x3A3A, new byte[] {0});
    }

    @Test
    void everyPartOfABrowserHelloIsRead() {
        assertThat(wrapAt(7, browserHello().build())).isTrue();

        assertThat(hello.isComplete()).isTrue();
        assertThat(hello.legacyVersion()).isEqualTo(0x0303);
        assertThat(hello.highestVersion()).isEqualTo(0x0304);
        assertThat(hello.cipherSuiteCount()).isEqualTo(5);
        assertThat(hello.cipherSuite(0)).isEqualTo(0x9A9A);
        assertThat(hello.cipherSuite(1)).isEqualTo(0x1301);
        assertThat(hello.cipherSuite(4)).isEqualTo(0xC02B);
        assertThat(hello.extensionCount()).isEqualTo(7);
        int[] types = {0x2A2A, 0, 10, 13, 16, 43, 0x3A3A};
        for (int i = 0; i < types.length; i++) {
            assertThat(hello.extensionType(i)).as("extension %d", i).isEqualTo(types[i]);
        }
        assertThat(hello.extensionIndex(TlsClientHello.EXT_ALPN)).isEqualTo(4);
        assertThat(hello.extensionIndex(0xFF01)).isEqualTo(-1);
        assertThat(hello.serverName()).isEqualTo("www.example.org");
        assertThat(hello.alpnProtocols()).containsExactly("h2", "http/1.1");
        assertThat(hello.u16List(TlsClientHello.EXT_SIGNATURE_ALGORITHMS)).containsExactly(0x0403, 0x0804, 0x0401,
                0x0503);
        assertThat(hello.u16List(TlsClientHello.EXT_SUPPORTED_GROUPS)).containsExactly(0xDADA, 0x001D, 0x0017,
                0x0018);
    }

    @Test
    void highestVersionIgnoresGreaseWhereverItStands() {
        assertThat(wrapAt(0, clientHello().supportedVersions(0x0303, 0x0304, 0xFAFA).build())).isTrue();
        assertThat(hello.highestVersion()).isEqualTo(0x0304);
    }

    @Test
    void highestVersionFallsBackToLegacyWithoutSupportedVersions() {
        assertThat(wrapAt(0, clientHello().legacyVersion(0x0302).serverName("old.example").build())).isTrue();
        assertThat(hello.legacyVersion()).isEqualTo(0x0302);
        assertThat(hello.highestVersion()).isEqualTo(0x0302);
    }

    @Test
    void highestVersionFallsBackToLegacyWhenOnlyGreaseIsOffered() {
        assertThat(wrapAt(0, clientHello().supportedVersions(0x1A1A).build())).isTrue();
        assertThat(hello.highestVersion()).isEqualTo(0x0303);
    }

    @Test
    void emptySupportedVersionsFallsBackToLegacy() {
        assertThat(wrapAt(0, clientHello().extension(43, new byte[0]).build())).isTrue();
        assertThat(hello.extensionCount()).isEqualTo(1);
        assertThat(hello.highestVersion()).isEqualTo(0x0303);
    }

    @Test
    void absentExtensionsGiveNothing() {
        assertThat(wrapAt(0, clientHello().build())).isTrue();
        assertThat(hello.isComplete()).isTrue();
        assertThat(hello.extensionCount()).isZero();
        assertThat(hello.serverName()).isNull();
        assertThat(hello.alpnProtocols()).isEmpty();
        assertThat(hello.u16List(TlsClientHello.EXT_SUPPORTED_GROUPS)).isEmpty();
        assertThat(hello.cipherSuiteCount()).isEqualTo(3);
    }

    @Test
    void helloWithoutAnExtensionsBlockIsComplete() {
        // TLS 1.0-era hello ending after the compression methods
        byte[] body = bytes().u16(0x0301).zeros(32).u8(0).u16(2).u16(0x002F).u8(1).u8(0).toArray();
        byte[] record = bytes().u8(22).u16(0x0301).u16(4 + body.length).u8(1).u24(body.length).bytes(body).toArray();
        assertThat(wrapAt(0, record)).isTrue();
        assertThat(hello.legacyVersion()).isEqualTo(0x0301);
        assertThat(hello.cipherSuiteCount()).isEqualTo(1);
        assertThat(hello.cipherSuite(0)).isEqualTo(0x002F);
        assertThat(hello.extensionCount()).isZero();
    }

    @Test
    void sessionIdOfAnyLengthIsSkipped() {
        assertThat(wrapAt(0, clientHello().sessionId(new byte[0]).serverName("a.example").build())).isTrue();
        assertThat(hello.serverName()).isEqualTo("a.example");
        assertThat(wrapAt(0, clientHello().sessionId(new byte[7]).serverName("b.example").build())).isTrue();
        assertThat(hello.serverName()).isEqualTo("b.example");
    }

    @Test
    void helloTruncatedMidExtensionKeepsTheExtensionsBeforeIt() {
        byte[] record = clientHello().serverName("cut.example").alpn("h2")
                .signatureAlgorithms(0x0403, 0x0804, 0x0401, 0x0503, 0x0805, 0x0501).build();
        // the signature_algorithms extension is the last 4 + 2 + 12 bytes; keep 5 of its data bytes
        assertThat(wrapAt(0, cut(record, record.length - 13))).isTrue();

        assertThat(hello.isComplete()).isFalse();
        assertThat(hello.extensionCount()).isEqualTo(2);
        assertThat(hello.serverName()).isEqualTo("cut.example");
        assertThat(hello.alpnProtocols()).containsExactly("h2");
        assertThat(hello.extensionIndex(TlsClientHello.EXT_SIGNATURE_ALGORITHMS)).isEqualTo(-1);
        assertThat(hello.u16List(TlsClientHello.EXT_SIGNATURE_ALGORITHMS)).isEmpty();
    }

    @Test
    void helloTruncatedInTheCipherListCountsTheCapturedSuites() {
        byte[] record = clientHello().sessionId(new byte[0]).cipherSuites(0x1301, 0x1302, 0x1303, 0xC02F).build();
        // record 5 + handshake 4 + version 2 + random 32 + session id 1 + length 2 = 46; keep 2 suites and a half
        assertThat(wrapAt(0, cut(record, 46 + 5))).isTrue();

        assertThat(hello.isComplete()).isFalse();
        assertThat(hello.cipherSuiteCount()).isEqualTo(2);
        assertThat(hello.cipherSuite(1)).isEqualTo(0x1302);
        assertThat(hello.extensionCount()).isZero();
    }

    @Test
    void helloTruncatedInTheRandomHasOnlyItsVersion() {
        byte[] record = clientHello().serverName("x.example").build();
        assertThat(wrapAt(0, cut(record, 20))).isTrue();
        assertThat(hello.isComplete()).isFalse();
        assertThat(hello.legacyVersion()).isEqualTo(0x0303);
        assertThat(hello.highestVersion()).isEqualTo(0x0303);
        assertThat(hello.cipherSuiteCount()).isZero();
        assertThat(hello.extensionCount()).isZero();
        assertThat(hello.serverName()).isNull();
    }

    @Test
    void extensionsLengthShorterThanTheExtensionsIsNotComplete() {
        // the block claims 10 bytes but the server_name extension in it is longer
        assertThat(wrapAt(0, clientHello().serverName("long-name.example").extensionsLength(10).build())).isTrue();
        assertThat(hello.isComplete()).isFalse();
        assertThat(hello.extensionCount()).isZero();
    }

    @Test
    void serverNameOfAnotherTypeIsIgnored() {
        byte[] name = ascii("not-a-host");
        byte[] data = bytes().u16(3 + name.length).u8(1).u16(name.length).bytes(name).toArray();
        assertThat(wrapAt(0, clientHello().extension(0, data).build())).isTrue();
        assertThat(hello.serverName()).isNull();
    }

    @Test
    void serverNameLongerThanItsExtensionIsIgnored() {
        byte[] data = bytes().u16(20).u8(0).u16(40).bytes(new byte[15]).toArray();
        assertThat(wrapAt(0, clientHello().extension(0, data).build())).isTrue();
        assertThat(hello.serverName()).isNull();
    }

    @Test
    void emptyServerNameExtensionHasNoName() {
        // what a server sends back, and what some clients echo
        assertThat(wrapAt(0, clientHello().extension(0, new byte[0]).build())).isTrue();
        assertThat(hello.extensionIndex(TlsClientHello.EXT_SERVER_NAME)).isZero();
        assertThat(hello.serverName()).isNull();
    }

    @Test
    void alpnEntryRunningPastTheExtensionEndsTheList() {
        byte[] data = bytes().u16(9).u8(2).ascii("h2").u8(9).ascii("http/").toArray();
        assertThat(wrapAt(0, clientHello().extension(16, data).build())).isTrue();
        assertThat(hello.alpnProtocols()).containsExactly("h2");
    }

    @Test
    void listLongerThanItsExtensionIsReadAsFarAsItGoes() {
        byte[] data = bytes().u16(8).u16(0x001D).u16(0x0017).toArray();
        assertThat(wrapAt(0, clientHello().extension(10, data).build())).isTrue();
        assertThat(hello.u16List(TlsClientHello.EXT_SUPPORTED_GROUPS)).containsExactly(0x001D, 0x0017);
    }

    @Test
    void recordVersionMayBeAnyTls() {
        assertThat(wrapAt(0, clientHello().recordVersion(0x0300).build())).isTrue();
        assertThat(wrapAt(0, clientHello().recordVersion(0x0303).build())).isTrue();
    }

    @Test
    void otherRecordsAreNotAClientHello() {
        byte[] record = clientHello().build();
        byte[] appData = record.clone();
        appData[0] = 23;
        assertThat(wrapAt(0, appData)).isFalse();
        byte[] serverHello = record.clone();
        serverHello[5] = 2;
        assertThat(wrapAt(0, serverHello)).isFalse();
        byte[] sslv2 = record.clone();
        sslv2[1] = 2;
        assertThat(wrapAt(0, sslv2)).isFalse();
    }

    @Test
    void payloadsTooShortForAHelloAreNotOne() {
        assertThat(wrapAt(0, cut(clientHello().build(), 10))).isFalse();
        assertThat(wrapAt(0, cut(clientHello().build(), 11))).isTrue();
    }

    @Test
    void rewrappingForgetsThePreviousHello() {
        assertThat(wrapAt(0, browserHello().build())).isTrue();
        assertThat(wrapAt(0, cut(clientHello().build(), 20))).isTrue();
        assertThat(hello.extensionCount()).isZero();
        assertThat(hello.cipherSuiteCount()).isZero();
        assertThat(hello.serverName()).isNull();
        assertThat(hello.isComplete()).isFalse();
    }

    @Test
    void greaseValuesAreTheSixteenReservedPairs() {
        for (int n = 0; n < 16; n++) {
            int value = (n << 12) | 0x0A00 | (n << 4) | 0x0A;
            assertThat(TlsClientHello.isGrease(value)).as("0x%04x", value).isTrue();
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {0x0A1A, 0x1A0A, 0x0303, 0x0304, 0x0A0B, 0xAAAB, 0x0000, 0xFFFF, 0x1301})
    void otherValuesAreNotGrease(int value) {
        assertThat(TlsClientHello.isGrease(value)).isFalse();
    }
}
