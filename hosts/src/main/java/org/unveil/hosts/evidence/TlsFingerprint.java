package org.unveil.hosts.evidence;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.unveil.capture.decode.TlsClientHello;

/**
 * A JA4-style fingerprint of a TLS ClientHello: the client library's choices (version, cipher suites,
 * extensions, signature algorithms, ALPN) with GREASE values left out and lists sorted where clients shuffle
 * them, so one TLS library gives one value whatever the server. Format {@code t13d1516h2_<ciphers>_<extensions>}.
 */
public final class TlsFingerprint {
    private static final int EXT_SERVER_NAME = TlsClientHello.EXT_SERVER_NAME;
    private static final int EXT_ALPN = TlsClientHello.EXT_ALPN;

    private static final HexFormat HEX = HexFormat.of();
    private static final MessageDigest SHA256 = sha256();

    private TlsFingerprint() {
    }

    public static String of(TlsClientHello hello) {
        List<String> ciphers = new ArrayList<>();
        for (int i = 0; i < hello.cipherSuiteCount(); i++) {
            int suite = hello.cipherSuite(i);
            if (!TlsClientHello.isGrease(suite)) {
                ciphers.add(hex(suite));
            }
        }
        List<String> extensions = new ArrayList<>();
        int extensionCount = 0;
        boolean sni = false;
        for (int i = 0; i < hello.extensionCount(); i++) {
            int type = hello.extensionType(i);
            if (TlsClientHello.isGrease(type)) {
                continue;
            }
            extensionCount++;
            sni |= type == EXT_SERVER_NAME;
            if (type != EXT_SERVER_NAME && type != EXT_ALPN) {
                extensions.add(hex(type)); // SNI and ALPN vary with the server, not the client
            }
        }
        List<String> signatureAlgorithms = new ArrayList<>();
        for (int alg : hello.u16List(TlsClientHello.EXT_SIGNATURE_ALGORITHMS)) {
            if (!TlsClientHello.isGrease(alg)) {
                signatureAlgorithms.add(hex(alg)); // in the client's order: that order is part of its identity
            }
        }
        String a = "t" + version(hello.highestVersion()) + (sni ? "d" : "i") + twoDigits(ciphers.size())
                + twoDigits(extensionCount) + alpn(hello.alpnProtocols());
        ciphers.sort(null);
        extensions.sort(null);
        String c = String.join(",", extensions)
                + (signatureAlgorithms.isEmpty() ? "" : "_" + String.join(",", signatureAlgorithms));
        return a + "_" + hash(String.join(",", ciphers)) + "_" + hash(c);
    }

    private static String version(int version) {
        return switch (version) {
            case 0x0304 -> "13";
            case 0x0303 -> "12";
            case 0x0302 -> "11";
            case 0x0301 -> "10";
            case 0x0300 -> "s3";
            default -> "00";
        };
    }

    private static String alpn(String[] protocols) {
        if (protocols == null || protocols.length == 0 || protocols[0].isEmpty()) {
            return "00";
        }
        String first = protocols[0];
        char a = first.charAt(0);
        char b = first.charAt(first.length() - 1);
        return isPrintable(a) && isPrintable(b) ? "" + a + b : "99";
    }

    private static boolean isPrintable(char c) {
        return c > 0x20 && c < 0x7F;
    }

    private static String twoDigits(int n) {
        int v = Math.min(n, 99);
        return v < 10 ? "0" + v : Integer.toString(v);
    }

    private static String hex(int u16) {
        return HEX.toHexDigits((short) u16);
    }

    private static String hash(String text) {
        if (text.isEmpty()) {
            return "000000000000";
        }
        byte[] digest;
        try {
            digest = ((MessageDigest) SHA256.clone()).digest(text.getBytes(StandardCharsets.US_ASCII));
        } catch (CloneNotSupportedException e) {
            digest = sha256().digest(text.getBytes(StandardCharsets.US_ASCII));
        }
        return HEX.formatHex(digest, 0, 6);
    }

    /** Looking a provider up costs more than hashing a fingerprint, so one instance is cloned per use. */
    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
