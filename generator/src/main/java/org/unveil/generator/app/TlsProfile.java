package org.unveil.generator.app;

import java.util.List;

/**
 * The ClientHello a TLS client sends: cipher suites and extensions in its order, groups, signature algorithms,
 * ALPN. These are what JA3/JA4 fingerprints hash, so hosts behind one NAT can be told apart by them.
 *
 * @param grease inserts RFC 8701 GREASE values first in ciphers, extensions and groups, as Chromium does
 * @param shuffleExtensions permutes the extensions per connection, as Chrome has since version 110
 */
public record TlsProfile(String name, List<Integer> ciphers, List<Integer> extensions, List<Integer> groups,
        List<Integer> signatureAlgorithms, List<String> alpn, boolean grease, boolean shuffleExtensions) {

    public static final int EXT_SERVER_NAME = 0;
    public static final int EXT_STATUS_REQUEST = 5;
    public static final int EXT_SUPPORTED_GROUPS = 10;
    public static final int EXT_EC_POINT_FORMATS = 11;
    public static final int EXT_SIGNATURE_ALGORITHMS = 13;
    public static final int EXT_ALPN = 16;
    public static final int EXT_SCT = 18;
    public static final int EXT_EXTENDED_MASTER_SECRET = 23;
    public static final int EXT_COMPRESS_CERTIFICATE = 27;
    public static final int EXT_SESSION_TICKET = 35;
    public static final int EXT_SUPPORTED_VERSIONS = 43;
    public static final int EXT_PSK_MODES = 45;
    public static final int EXT_KEY_SHARE = 51;
    public static final int EXT_RENEGOTIATION_INFO = 0xFF01;

    private static final List<Integer> SIGNATURES = List.of(0x0403, 0x0804, 0x0401, 0x0503, 0x0805, 0x0501, 0x0806,
            0x0601);

    /** Chrome and Edge (Chromium's BoringSSL). */
    public static final TlsProfile CHROME = new TlsProfile("chrome",
            List.of(0x1301, 0x1302, 0x1303, 0xc02b, 0xc02f, 0xc02c, 0xc030, 0xcca9, 0xcca8, 0xc013, 0xc014, 0x009c,
                0x009d, 0x002f, 0x0035),
            List.of(EXT_SERVER_NAME, EXT_EXTENDED_MASTER_SECRET, EXT_RENEGOTIATION_INFO, EXT_SUPPORTED_GROUPS,
                EXT_EC_POINT_FORMATS, EXT_SESSION_TICKET, EXT_ALPN, EXT_STATUS_REQUEST, EXT_SIGNATURE_ALGORITHMS,
                EXT_SCT, EXT_KEY_SHARE, EXT_PSK_MODES, EXT_SUPPORTED_VERSIONS, EXT_COMPRESS_CERTIFICATE),
            List.of(0x001d, 0x0017, 0x0018), SIGNATURES, List.of("h2", "http/1.1"), true, true);
    /** Firefox (NSS): no GREASE, a fixed extension order, ChaCha20 before AES-256. */
    public static final TlsProfile FIREFOX = new TlsProfile("firefox",
            List.of(0x1301, 0x1303, 0x1302, 0xc02b, 0xc02f, 0xcca9, 0xcca8, 0xc02c, 0xc030, 0xc00a, 0xc009, 0xc013,
                0xc014, 0x009c, 0x009d, 0x002f, 0x0035),
            List.of(EXT_SERVER_NAME, EXT_EXTENDED_MASTER_SECRET, EXT_RENEGOTIATION_INFO, EXT_SUPPORTED_GROUPS,
                EXT_EC_POINT_FORMATS, EXT_SESSION_TICKET, EXT_ALPN, EXT_STATUS_REQUEST, EXT_KEY_SHARE,
                EXT_SUPPORTED_VERSIONS, EXT_SIGNATURE_ALGORITHMS, EXT_PSK_MODES),
            List.of(0x001d, 0x0017, 0x0018, 0x0019, 0x0100, 0x0101), SIGNATURES, List.of("h2", "http/1.1"), false,
            false);
    /** Safari on macOS and iOS (Apple's BoringSSL fork): GREASE, a fixed order, more legacy CBC suites. */
    public static final TlsProfile SAFARI = new TlsProfile("safari",
            List.of(0x1301, 0x1302, 0x1303, 0xc02c, 0xc02b, 0xcca9, 0xc030, 0xc02f, 0xcca8, 0xc00a, 0xc009, 0xc014,
                0xc013, 0x009d, 0x009c, 0x0035, 0x002f, 0xc008, 0xc012, 0x000a),
            List.of(EXT_SERVER_NAME, EXT_EXTENDED_MASTER_SECRET, EXT_RENEGOTIATION_INFO, EXT_SUPPORTED_GROUPS,
                EXT_EC_POINT_FORMATS, EXT_ALPN, EXT_STATUS_REQUEST, EXT_SIGNATURE_ALGORITHMS, EXT_SCT, EXT_KEY_SHARE,
                EXT_PSK_MODES, EXT_SUPPORTED_VERSIONS, EXT_COMPRESS_CERTIFICATE),
            List.of(0x001d, 0x0017, 0x0018, 0x0019), SIGNATURES, List.of("h2", "http/1.1"), true, false);
    /** curl with OpenSSL 3: the tool scripts and package managers use. */
    public static final TlsProfile CURL = new TlsProfile("curl-openssl",
            List.of(0x1302, 0x1303, 0x1301, 0xc02c, 0xc030, 0x009f, 0xcca9, 0xcca8, 0xccaa, 0xc02b, 0xc02f, 0x009e,
                0xc024, 0xc028, 0x006b, 0xc023, 0xc027, 0x0067, 0xc00a, 0xc014, 0x0039, 0xc009, 0xc013, 0x0033,
                0x009d, 0x009c, 0x003d, 0x003c, 0x0035, 0x002f, 0x00ff),
            List.of(EXT_SERVER_NAME, EXT_EC_POINT_FORMATS, EXT_SUPPORTED_GROUPS, EXT_SESSION_TICKET, EXT_ALPN,
                EXT_EXTENDED_MASTER_SECRET, EXT_SIGNATURE_ALGORITHMS, EXT_SUPPORTED_VERSIONS, EXT_PSK_MODES,
                EXT_KEY_SHARE),
            List.of(0x001d, 0x0017, 0x001e, 0x0019, 0x0018), SIGNATURES, List.of("h2", "http/1.1"), false, false);

    public TlsProfile {
        ciphers = List.copyOf(ciphers);
        extensions = List.copyOf(extensions);
        groups = List.copyOf(groups);
        signatureAlgorithms = List.copyOf(signatureAlgorithms);
        alpn = List.copyOf(alpn);
    }
}
