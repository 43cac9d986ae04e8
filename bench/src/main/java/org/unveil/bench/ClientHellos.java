package org.unveil.bench;

import java.util.ArrayList;
import java.util.List;
import org.unveil.generator.frame.Ascii;
import org.unveil.generator.frame.ByteSink;
import org.unveil.generator.stack.Rng;

/**
 * Builds the ClientHello records (RFC 8446 section 4.1.2) of each {@link TlsProfile}: cipher suites and
 * extensions in the order the named browser sends them, GREASE (RFC 8701) where it uses it.
 */
final class ClientHellos {
    private static final int[] CHROME_CIPHERS = {
        0x1301, 0x1302, 0x1303, 0xC02B, 0xC02F, 0xC02C, 0xC030, 0xCCA9, 0xCCA8, 0xC013, 0xC014, 0x009C, 0x009D,
        0x002F, 0x0035,
    };
    private static final int[] SAFARI_CIPHERS = {
        0x1301, 0x1302, 0x1303, 0xC02C, 0xC02B, 0xCCA9, 0xC030, 0xC02F, 0xCCA8, 0xC00A, 0xC009, 0xC014, 0xC013,
        0x009D, 0x009C, 0x0035, 0x002F, 0xC008, 0xC012, 0x000A,
    };
    private static final int[] FIREFOX_CIPHERS = {
        0x1301, 0x1303, 0x1302, 0xC02B, 0xC02F, 0xCCA9, 0xCCA8, 0xC02C, 0xC030, 0xC00A, 0xC009, 0xC013, 0xC014,
        0x009C, 0x009D, 0x002F, 0x0035,
    };
    private static final int[] LEGACY_CIPHERS = {
        0xC028, 0xC027, 0xC014, 0xC013, 0x009F, 0x009E, 0x009D, 0x009C, 0xC02C, 0xC02B, 0xC024, 0xC023, 0xC00A,
        0xC009, 0x003D, 0x003C, 0x0035, 0x002F, 0x006A, 0x0040, 0x0038, 0x0032, 0x000A, 0x0013,
    };
    private static final int[] CHROME_SIGNATURES = {0x0403, 0x0804, 0x0401, 0x0503, 0x0805, 0x0501, 0x0806, 0x0601};
    private static final int[] SAFARI_SIGNATURES = {
        0x0403, 0x0804, 0x0401, 0x0503, 0x0203, 0x0805, 0x0805, 0x0501, 0x0806, 0x0601, 0x0201,
    };
    private static final int[] FIREFOX_SIGNATURES = {
        0x0403, 0x0503, 0x0603, 0x0804, 0x0805, 0x0806, 0x0401, 0x0501, 0x0601, 0x0203, 0x0201,
    };
    private static final int[] LEGACY_SIGNATURES = {0x0401, 0x0501, 0x0201, 0x0403, 0x0503, 0x0203, 0x0402, 0x0202};
    private static final int X25519 = 0x001D;
    private static final int SECP256R1 = 0x0017;
    private static final int X25519_MLKEM768 = 0x11EC;

    private final ByteSink b = new ByteSink();
    private final List<Integer> regions = new ArrayList<>();
    private final Rng rng;

    private ClientHellos(Rng rng) {
        this.rng = rng;
    }

    static ClientHelloTemplate build(TlsProfile profile, String serverName, Rng rng) {
        return new ClientHellos(rng).hello(profile, Ascii.bytes(serverName));
    }

    private ClientHelloTemplate hello(TlsProfile p, byte[] name) {
        boolean grease = p == TlsProfile.CHROME || p == TlsProfile.SAFARI;
        int greaseCipher = grease();
        int greaseGroup = grease();
        int greaseVersion = grease();
        b.u8(22).u16(p == TlsProfile.LEGACY_TLS12 ? 0x0303 : 0x0301); // record: handshake
        int record = b.open16();
        b.u8(1); // ClientHello
        int handshake = b.open24();
        b.u16(0x0303);
        random(32);
        int sessionIdLength = p == TlsProfile.LEGACY_TLS12 ? 0 : 32;
        b.u8(sessionIdLength);
        int sessionIdOffset = b.size();
        random(sessionIdLength);
        int ciphers = b.open16();
        if (grease) {
            b.u16(greaseCipher);
        }
        for (int c : switch (p) {
            case CHROME -> CHROME_CIPHERS;
            case SAFARI -> SAFARI_CIPHERS;
            case FIREFOX -> FIREFOX_CIPHERS;
            case LEGACY_TLS12 -> LEGACY_CIPHERS;
        }) {
            b.u16(c);
        }
        b.close16(ciphers);
        b.u8(1).u8(0); // compression: null only
        int extensions = b.open16();
        switch (p) {
            case CHROME -> chrome(name, greaseGroup, greaseVersion);
            case SAFARI -> safari(name, greaseGroup, greaseVersion);
            case FIREFOX -> firefox(name);
            case LEGACY_TLS12 -> legacy(name);
        }
        b.close16(extensions);
        b.close24(handshake);
        b.close16(record);
        int[] r = regions.stream().mapToInt(Integer::intValue).toArray();
        return new ClientHelloTemplate(b.toArray(), r, sessionIdOffset, sessionIdLength);
    }

    private void chrome(byte[] name, int greaseGroup, int greaseVersion) {
        empty(grease());
        serverName(name);
        empty(0x0017); // extended_master_secret
        renegotiationInfo();
        u16List(0x000A, greaseGroup, X25519_MLKEM768, X25519, SECP256R1, 0x0018);
        ecPointFormats();
        empty(0x0023); // session_ticket
        alpn("h2", "http/1.1");
        statusRequest();
        u16List(0x000D, CHROME_SIGNATURES);
        empty(0x0012); // signed_certificate_timestamp
        int keyShare = open(0x0033);
        int list = b.open16();
        b.u16(greaseGroup).u16(1).u8(0);
        share(X25519_MLKEM768, 1216);
        share(X25519, 32);
        b.close16(list);
        b.close16(keyShare);
        pskModes();
        versions(greaseVersion, 0x0304, 0x0303);
        compressCertificate(0x0002);
        int alps = open(0x44CD); // application_settings, the code point Chrome uses since 2025
        int protocols = b.open16();
        b.u8(2).bytes(Ascii.bytes("h2"));
        b.close16(protocols);
        b.close16(alps);
        int last = open(grease());
        b.u8(0);
        b.close16(last);
    }

    private void safari(byte[] name, int greaseGroup, int greaseVersion) {
        empty(grease());
        serverName(name);
        empty(0x0017);
        renegotiationInfo();
        u16List(0x000A, greaseGroup, X25519, SECP256R1, 0x0018, 0x0019);
        ecPointFormats();
        alpn("h2", "http/1.1");
        statusRequest();
        u16List(0x000D, SAFARI_SIGNATURES);
        empty(0x0012);
        int keyShare = open(0x0033);
        int list = b.open16();
        b.u16(greaseGroup).u16(1).u8(0);
        share(X25519, 32);
        b.close16(list);
        b.close16(keyShare);
        pskModes();
        versions(greaseVersion, 0x0304, 0x0303, 0x0302, 0x0301);
        compressCertificate(0x0001);
        int last = open(grease());
        b.u8(0);
        b.close16(last);
    }

    private void firefox(byte[] name) {
        serverName(name);
        empty(0x0017);
        renegotiationInfo();
        u16List(0x000A, X25519, SECP256R1, 0x0018, 0x0019, 0x0100, 0x0101);
        ecPointFormats();
        empty(0x0023);
        alpn("h2", "http/1.1");
        statusRequest();
        u16List(0x0022, 0x0403, 0x0503, 0x0603, 0x0203); // delegated_credentials
        int keyShare = open(0x0033);
        int list = b.open16();
        share(X25519, 32);
        b.u16(SECP256R1).u16(65).u8(4); // an uncompressed point: 0x04, then x and y
        random(64);
        b.close16(list);
        b.close16(keyShare);
        versions(0x0304, 0x0303);
        u16List(0x000D, FIREFOX_SIGNATURES);
        pskModes();
        int limit = open(0x001C); // record_size_limit
        b.u16(0x4001);
        b.close16(limit);
    }

    private void legacy(byte[] name) {
        serverName(name);
        statusRequest();
        u16List(0x000A, SECP256R1, 0x0018);
        ecPointFormats();
        u16List(0x000D, LEGACY_SIGNATURES);
        empty(0x0023);
        alpn("http/1.1");
        empty(0x0017);
        renegotiationInfo();
    }

    private int grease() {
        return 0x0A0A + 0x1010 * rng.nextInt(16);
    }

    private void random(int length) {
        regions.add(b.size());
        regions.add(length);
        b.zeros(length);
    }

    private int open(int type) {
        b.u16(type);
        return b.open16();
    }

    private void empty(int type) {
        b.u16(type).u16(0);
    }

    private void serverName(byte[] name) {
        int ext = open(0x0000);
        int list = b.open16();
        b.u8(0).u16(name.length).bytes(name); // host_name
        b.close16(list);
        b.close16(ext);
    }

    private void renegotiationInfo() {
        int ext = open(0xFF01);
        b.u8(0);
        b.close16(ext);
    }

    private void ecPointFormats() {
        int ext = open(0x000B);
        b.u8(1).u8(0); // uncompressed
        b.close16(ext);
    }

    private void statusRequest() {
        int ext = open(0x0005);
        b.u8(1).u16(0).u16(0); // OCSP, no responder ids, no extensions
        b.close16(ext);
    }

    private void pskModes() {
        int ext = open(0x002D);
        b.u8(1).u8(1); // psk_dhe_ke
        b.close16(ext);
    }

    private void compressCertificate(int algorithm) {
        int ext = open(0x001B);
        b.u8(2).u16(algorithm);
        b.close16(ext);
    }

    private void alpn(String... protocols) {
        int ext = open(0x0010);
        int list = b.open16();
        for (String protocol : protocols) {
            b.u8(protocol.length()).bytes(Ascii.bytes(protocol));
        }
        b.close16(list);
        b.close16(ext);
    }

    private void versions(int... versions) {
        int ext = open(0x002B);
        int list = b.open8();
        for (int v : versions) {
            b.u16(v);
        }
        b.close8(list);
        b.close16(ext);
    }

    private void u16List(int type, int... values) {
        int ext = open(type);
        int list = b.open16();
        for (int v : values) {
            b.u16(v);
        }
        b.close16(list);
        b.close16(ext);
    }

    private void share(int group, int keyLength) {
        b.u16(group).u16(keyLength);
        random(keyLength);
    }
}
