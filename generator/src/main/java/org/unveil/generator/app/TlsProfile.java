package org.unveil.generator.app;

import java.util.List;

/**
 * The ClientHello a TLS client sends, as data: record version, session id, cipher suites and extensions in its
 * order, groups, signature algorithms, ALPN, the groups it sends key shares for, the versions it offers, and the
 * contents of the rarer extensions. These are what JA3/JA4 fingerprints hash, so hosts behind one NAT can be told
 * apart by them. {@link #GREASE} in a list stands for a fresh RFC 8701 GREASE value there: one per hello for the
 * cipher, one for groups and key shares alike (as BoringSSL does), one for versions; the first GREASE extension
 * is empty, the second (a different value) holds one zero byte.
 *
 * @param recordVersion the record layer's version: 0x0301 as TLS 1.3 clients send it, 0x0303 for old TLS 1.2 ones
 * @param sessionIdLength 32 (TLS 1.3's compatibility mode) or 0
 * @param keyShares groups with a key share, in order; each gets a key of its group's size
 * @param versions supported_versions, in order (only sent if the extension is listed)
 * @param certificateCompression compress_certificate's algorithms (1 zlib, 2 brotli)
 * @param delegatedCredentials delegated_credentials' signature algorithms
 * @param applicationSettings ALPS's protocols
 * @param recordSizeLimit record_size_limit's value
 * @param shuffleExtensions permutes the extensions other than GREASE per connection, as Chrome has since 110
 */
public record TlsProfile(String name, int recordVersion, int sessionIdLength, List<Integer> ciphers,
        List<Integer> extensions, List<Integer> groups, List<Integer> signatureAlgorithms, List<String> alpn,
        List<Integer> keyShares, List<Integer> versions, List<Integer> certificateCompression,
        List<Integer> delegatedCredentials, List<String> applicationSettings, int recordSizeLimit,
        boolean shuffleExtensions) {

    /** Stands for a GREASE value in any list (not a code point: GREASE values are 0x?A?A). */
    public static final int GREASE = -1;

    public static final int EXT_SERVER_NAME = 0;
    public static final int EXT_STATUS_REQUEST = 5;
    public static final int EXT_SUPPORTED_GROUPS = 10;
    public static final int EXT_EC_POINT_FORMATS = 11;
    public static final int EXT_SIGNATURE_ALGORITHMS = 13;
    public static final int EXT_ALPN = 16;
    public static final int EXT_SCT = 18;
    public static final int EXT_EXTENDED_MASTER_SECRET = 23;
    public static final int EXT_COMPRESS_CERTIFICATE = 27;
    public static final int EXT_RECORD_SIZE_LIMIT = 28;
    public static final int EXT_DELEGATED_CREDENTIALS = 34;
    public static final int EXT_SESSION_TICKET = 35;
    public static final int EXT_SUPPORTED_VERSIONS = 43;
    public static final int EXT_PSK_MODES = 45;
    public static final int EXT_KEY_SHARE = 51;
    /** application_settings (ALPS) at the code point Chrome uses since 2025. */
    public static final int EXT_APPLICATION_SETTINGS = 0x44CD;
    public static final int EXT_RENEGOTIATION_INFO = 0xFF01;

    public static final int X25519 = 0x001D;
    public static final int SECP256R1 = 0x0017;
    public static final int SECP384R1 = 0x0018;
    public static final int X25519_MLKEM768 = 0x11EC;
    public static final int TLS13 = 0x0304;
    public static final int TLS12 = 0x0303;

    private static final List<Integer> SIGNATURES = List.of(0x0403, 0x0804, 0x0401, 0x0503, 0x0805, 0x0501, 0x0806,
            0x0601);
    private static final List<Integer> CHROMIUM_CIPHERS = List.of(0x1301, 0x1302, 0x1303, 0xc02b, 0xc02f, 0xc02c,
            0xc030, 0xcca9, 0xcca8, 0xc013, 0xc014, 0x009c, 0x009d, 0x002f, 0x0035);
    private static final List<Integer> FIREFOX_CIPHERS = List.of(0x1301, 0x1303, 0x1302, 0xc02b, 0xc02f, 0xcca9,
            0xcca8, 0xc02c, 0xc030, 0xc00a, 0xc009, 0xc013, 0xc014, 0x009c, 0x009d, 0x002f, 0x0035);
    private static final List<Integer> SAFARI_CIPHERS = List.of(0x1301, 0x1302, 0x1303, 0xc02c, 0xc02b, 0xcca9,
            0xc030, 0xc02f, 0xcca8, 0xc00a, 0xc009, 0xc014, 0xc013, 0x009d, 0x009c, 0x0035, 0x002f, 0xc008, 0xc012,
            0x000a);

    /** Chrome and Edge (Chromium's BoringSSL), extensions shuffled. */
    public static final TlsProfile CHROME = new TlsProfile("chrome", 0x0301, 32, withGrease(CHROMIUM_CIPHERS),
            List.of(GREASE, EXT_SERVER_NAME, EXT_EXTENDED_MASTER_SECRET, EXT_RENEGOTIATION_INFO, EXT_SUPPORTED_GROUPS,
                EXT_EC_POINT_FORMATS, EXT_SESSION_TICKET, EXT_ALPN, EXT_STATUS_REQUEST, EXT_SIGNATURE_ALGORITHMS,
                EXT_SCT, EXT_KEY_SHARE, EXT_PSK_MODES, EXT_SUPPORTED_VERSIONS, EXT_COMPRESS_CERTIFICATE, GREASE),
            List.of(GREASE, X25519, SECP256R1, SECP384R1), SIGNATURES, List.of("h2", "http/1.1"), List.of(X25519),
            List.of(TLS13, TLS12), List.of(2), List.of(), List.of(), 0, true);
    /** Firefox (NSS): no GREASE, a fixed extension order, ChaCha20 before AES-256. */
    public static final TlsProfile FIREFOX = new TlsProfile("firefox", 0x0301, 32, FIREFOX_CIPHERS,
            List.of(EXT_SERVER_NAME, EXT_EXTENDED_MASTER_SECRET, EXT_RENEGOTIATION_INFO, EXT_SUPPORTED_GROUPS,
                EXT_EC_POINT_FORMATS, EXT_SESSION_TICKET, EXT_ALPN, EXT_STATUS_REQUEST, EXT_KEY_SHARE,
                EXT_SUPPORTED_VERSIONS, EXT_SIGNATURE_ALGORITHMS, EXT_PSK_MODES),
            List.of(X25519, SECP256R1, SECP384R1, 0x0019, 0x0100, 0x0101), SIGNATURES, List.of("h2", "http/1.1"),
            List.of(X25519), List.of(TLS13, TLS12), List.of(), List.of(), List.of(), 0, false);
    /** Safari on macOS and iOS (Apple's BoringSSL fork): GREASE, a fixed order, more legacy CBC suites. */
    public static final TlsProfile SAFARI = new TlsProfile("safari", 0x0301, 32, withGrease(SAFARI_CIPHERS),
            List.of(GREASE, EXT_SERVER_NAME, EXT_EXTENDED_MASTER_SECRET, EXT_RENEGOTIATION_INFO, EXT_SUPPORTED_GROUPS,
                EXT_EC_POINT_FORMATS, EXT_ALPN, EXT_STATUS_REQUEST, EXT_SIGNATURE_ALGORITHMS, EXT_SCT, EXT_KEY_SHARE,
                EXT_PSK_MODES, EXT_SUPPORTED_VERSIONS, EXT_COMPRESS_CERTIFICATE, GREASE),
            List.of(GREASE, X25519, SECP256R1, SECP384R1, 0x0019), SIGNATURES, List.of("h2", "http/1.1"),
            List.of(X25519), List.of(TLS13, TLS12), List.of(2), List.of(), List.of(), 0, false);
    /** curl with OpenSSL 3: the tool scripts and package managers use. */
    public static final TlsProfile CURL = new TlsProfile("curl-openssl", 0x0301, 32,
            List.of(0x1302, 0x1303, 0x1301, 0xc02c, 0xc030, 0x009f, 0xcca9, 0xcca8, 0xccaa, 0xc02b, 0xc02f, 0x009e,
                0xc024, 0xc028, 0x006b, 0xc023, 0xc027, 0x0067, 0xc00a, 0xc014, 0x0039, 0xc009, 0xc013, 0x0033,
                0x009d, 0x009c, 0x003d, 0x003c, 0x0035, 0x002f, 0x00ff),
            List.of(EXT_SERVER_NAME, EXT_EC_POINT_FORMATS, EXT_SUPPORTED_GROUPS, EXT_SESSION_TICKET, EXT_ALPN,
                EXT_EXTENDED_MASTER_SECRET, EXT_SIGNATURE_ALGORITHMS, EXT_SUPPORTED_VERSIONS, EXT_PSK_MODES,
                EXT_KEY_SHARE),
            List.of(X25519, SECP256R1, 0x001e, 0x0019, SECP384R1), SIGNATURES, List.of("h2", "http/1.1"),
            List.of(X25519), List.of(TLS13, TLS12), List.of(), List.of(), List.of(), 0, false);

    /**
     * Chrome 131: GREASE everywhere, a hybrid X25519MLKEM768 key share beside x25519 that makes the hello span
     * two segments, ALPS, brotli certificates; a fixed order (the benchmark's file keeps one shape per browser).
     */
    public static final TlsProfile CHROME_131 = new TlsProfile("chrome-131", 0x0301, 32,
            withGrease(CHROMIUM_CIPHERS),
            List.of(GREASE, EXT_SERVER_NAME, EXT_EXTENDED_MASTER_SECRET, EXT_RENEGOTIATION_INFO, EXT_SUPPORTED_GROUPS,
                EXT_EC_POINT_FORMATS, EXT_SESSION_TICKET, EXT_ALPN, EXT_STATUS_REQUEST, EXT_SIGNATURE_ALGORITHMS,
                EXT_SCT, EXT_KEY_SHARE, EXT_PSK_MODES, EXT_SUPPORTED_VERSIONS, EXT_COMPRESS_CERTIFICATE,
                EXT_APPLICATION_SETTINGS, GREASE),
            List.of(GREASE, X25519_MLKEM768, X25519, SECP256R1, SECP384R1), SIGNATURES, List.of("h2", "http/1.1"),
            List.of(GREASE, X25519_MLKEM768, X25519), List.of(GREASE, TLS13, TLS12), List.of(2), List.of(),
            List.of("h2"), 0, false);
    /** Firefox 133: no GREASE, x25519 and P-256 key shares, delegated credentials, a record size limit. */
    public static final TlsProfile FIREFOX_133 = new TlsProfile("firefox-133", 0x0301, 32, FIREFOX_CIPHERS,
            List.of(EXT_SERVER_NAME, EXT_EXTENDED_MASTER_SECRET, EXT_RENEGOTIATION_INFO, EXT_SUPPORTED_GROUPS,
                EXT_EC_POINT_FORMATS, EXT_SESSION_TICKET, EXT_ALPN, EXT_STATUS_REQUEST, EXT_DELEGATED_CREDENTIALS,
                EXT_KEY_SHARE, EXT_SUPPORTED_VERSIONS, EXT_SIGNATURE_ALGORITHMS, EXT_PSK_MODES,
                EXT_RECORD_SIZE_LIMIT),
            List.of(X25519, SECP256R1, SECP384R1, 0x0019, 0x0100, 0x0101),
            List.of(0x0403, 0x0503, 0x0603, 0x0804, 0x0805, 0x0806, 0x0401, 0x0501, 0x0601, 0x0203, 0x0201),
            List.of("h2", "http/1.1"), List.of(X25519, SECP256R1), List.of(TLS13, TLS12), List.of(),
            List.of(0x0403, 0x0503, 0x0603, 0x0203), List.of(), 0x4001, false);
    /** Safari 18: GREASE, TLS 1.3 down to 1.0 offered, x25519 only, zlib certificates. */
    public static final TlsProfile SAFARI_18 = new TlsProfile("safari-18", 0x0301, 32, withGrease(SAFARI_CIPHERS),
            List.of(GREASE, EXT_SERVER_NAME, EXT_EXTENDED_MASTER_SECRET, EXT_RENEGOTIATION_INFO, EXT_SUPPORTED_GROUPS,
                EXT_EC_POINT_FORMATS, EXT_ALPN, EXT_STATUS_REQUEST, EXT_SIGNATURE_ALGORITHMS, EXT_SCT, EXT_KEY_SHARE,
                EXT_PSK_MODES, EXT_SUPPORTED_VERSIONS, EXT_COMPRESS_CERTIFICATE, GREASE),
            List.of(GREASE, X25519, SECP256R1, SECP384R1, 0x0019),
            List.of(0x0403, 0x0804, 0x0401, 0x0503, 0x0203, 0x0805, 0x0805, 0x0501, 0x0806, 0x0601, 0x0201),
            List.of("h2", "http/1.1"), List.of(GREASE, X25519), List.of(GREASE, TLS13, TLS12, 0x0302, 0x0301),
            List.of(1), List.of(), List.of(), 0, false);
    /** Internet Explorer 11 on Windows 7: TLS 1.2 only, no supported_versions, no key share, no session id. */
    public static final TlsProfile IE11 = new TlsProfile("ie11", 0x0303, 0,
            List.of(0xC028, 0xC027, 0xC014, 0xC013, 0x009F, 0x009E, 0x009D, 0x009C, 0xC02C, 0xC02B, 0xC024, 0xC023,
                0xC00A, 0xC009, 0x003D, 0x003C, 0x0035, 0x002F, 0x006A, 0x0040, 0x0038, 0x0032, 0x000A, 0x0013),
            List.of(EXT_SERVER_NAME, EXT_STATUS_REQUEST, EXT_SUPPORTED_GROUPS, EXT_EC_POINT_FORMATS,
                EXT_SIGNATURE_ALGORITHMS, EXT_SESSION_TICKET, EXT_ALPN, EXT_EXTENDED_MASTER_SECRET,
                EXT_RENEGOTIATION_INFO),
            List.of(SECP256R1, SECP384R1), List.of(0x0401, 0x0501, 0x0201, 0x0403, 0x0503, 0x0203, 0x0402, 0x0202),
            List.of("http/1.1"), List.of(), List.of(), List.of(), List.of(), List.of(), 0, false);

    public TlsProfile {
        ciphers = List.copyOf(ciphers);
        extensions = List.copyOf(extensions);
        groups = List.copyOf(groups);
        signatureAlgorithms = List.copyOf(signatureAlgorithms);
        alpn = List.copyOf(alpn);
        keyShares = List.copyOf(keyShares);
        versions = List.copyOf(versions);
        certificateCompression = List.copyOf(certificateCompression);
        delegatedCredentials = List.copyOf(delegatedCredentials);
        applicationSettings = List.copyOf(applicationSettings);
        if (extensions.stream().filter(e -> e == GREASE).count() > 2) {
            throw new IllegalArgumentException(name + ": at most two GREASE extensions");
        }
        for (int group : keyShares) {
            TlsClientHelloWriter.keyLength(group); // refuses a group of unknown key size now, not per hello
        }
    }

    /** Whether the hello offers TLS 1.3 (else the server answers in TLS 1.2). */
    public boolean offersTls13() {
        return extensions.contains(EXT_SUPPORTED_VERSIONS) && versions.contains(TLS13);
    }

    private static List<Integer> withGrease(List<Integer> values) {
        return java.util.stream.Stream.concat(java.util.stream.Stream.of(GREASE), values.stream()).toList();
    }
}
