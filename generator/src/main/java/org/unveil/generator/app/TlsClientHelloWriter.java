package org.unveil.generator.app;

import java.util.random.RandomGenerator;
import org.unveil.generator.frame.Ascii;

/**
 * Writes a TLS 1.3 ClientHello (RFC 8446 section 4.1.2) of one {@link TlsProfile} into a frame: one record,
 * fresh random and session id and key share per connection, the server's name as SNI. The profile's lists are
 * turned into arrays once, so a hello costs no allocation.
 */
public final class TlsClientHelloWriter {
    private final int[] ciphers;
    private final int[] extensions;
    private final int[] order;
    private final int[] groups;
    private final int[] signatures;
    private final byte[][] alpn;
    private final boolean grease;
    private final boolean shuffle;

    public TlsClientHelloWriter(TlsProfile profile) {
        ciphers = profile.ciphers().stream().mapToInt(Integer::intValue).toArray();
        extensions = profile.extensions().stream().mapToInt(Integer::intValue).toArray();
        order = extensions.clone();
        groups = profile.groups().stream().mapToInt(Integer::intValue).toArray();
        signatures = profile.signatureAlgorithms().stream().mapToInt(Integer::intValue).toArray();
        alpn = profile.alpn().stream().map(Ascii::bytes).toArray(byte[][]::new);
        grease = profile.grease();
        shuffle = profile.shuffleExtensions();
    }

    /** Writes the record at {@code at}; returns its length. */
    public int write(byte[] b, int at, byte[] serverName, RandomGenerator rng) {
        int greaseCipher = greaseValue(rng);
        int greaseFirst = greaseValue(rng);
        int greaseLast = greaseFirst ^ 0x1010; // RFC 8701: two GREASE extensions must differ
        int greaseGroup = greaseValue(rng);
        b[at] = 22;
        put16(b, at + 1, 0x0301);
        b[at + 5] = 1; // ClientHello
        int i = at + 9;
        i = put16(b, i, 0x0303);
        i = random(b, i, 32, rng);
        b[i++] = 32;
        i = random(b, i, 32, rng);
        int ciphersAt = i;
        i += 2;
        if (grease) {
            i = put16(b, i, greaseCipher);
        }
        for (int c : ciphers) {
            i = put16(b, i, c);
        }
        put16(b, ciphersAt, i - ciphersAt - 2);
        b[i++] = 1;
        b[i++] = 0; // null compression only
        int extensionsAt = i;
        i += 2;
        if (grease) {
            i = put16(b, i, greaseFirst);
            i = put16(b, i, 0);
        }
        System.arraycopy(extensions, 0, order, 0, order.length);
        if (shuffle) {
            for (int k = order.length - 1; k > 0; k--) {
                int j = rng.nextInt(k + 1);
                int t = order[k];
                order[k] = order[j];
                order[j] = t;
            }
        }
        for (int type : order) {
            i = put16(b, i, type);
            int lengthAt = i;
            i = extension(b, i + 2, type, serverName, greaseGroup, rng);
            put16(b, lengthAt, i - lengthAt - 2);
        }
        if (grease) {
            i = put16(b, i, greaseLast);
            i = put16(b, i, 1);
            b[i++] = 0;
        }
        put16(b, extensionsAt, i - extensionsAt - 2);
        put16(b, at + 3, i - at - 5);
        int handshake = i - at - 9;
        b[at + 6] = (byte) (handshake >>> 16);
        put16(b, at + 7, handshake);
        return i - at;
    }

    private int extension(byte[] b, int i, int type, byte[] serverName, int greaseGroup, RandomGenerator rng) {
        switch (type) {
            case TlsProfile.EXT_SERVER_NAME -> {
                i = put16(b, i, serverName.length + 3);
                b[i++] = 0; // host_name
                i = put16(b, i, serverName.length);
                System.arraycopy(serverName, 0, b, i, serverName.length);
                i += serverName.length;
            }
            case TlsProfile.EXT_SUPPORTED_GROUPS -> {
                i = put16(b, i, 2 * (groups.length + (grease ? 1 : 0)));
                if (grease) {
                    i = put16(b, i, greaseGroup);
                }
                for (int g : groups) {
                    i = put16(b, i, g);
                }
            }
            case TlsProfile.EXT_SIGNATURE_ALGORITHMS -> {
                i = put16(b, i, 2 * signatures.length);
                for (int s : signatures) {
                    i = put16(b, i, s);
                }
            }
            case TlsProfile.EXT_ALPN -> {
                int listAt = i;
                i += 2;
                for (byte[] protocol : alpn) {
                    b[i++] = (byte) protocol.length;
                    System.arraycopy(protocol, 0, b, i, protocol.length);
                    i += protocol.length;
                }
                put16(b, listAt, i - listAt - 2);
            }
            case TlsProfile.EXT_SUPPORTED_VERSIONS -> {
                b[i++] = 4;
                i = put16(b, i, 0x0304);
                i = put16(b, i, 0x0303);
            }
            case TlsProfile.EXT_EC_POINT_FORMATS -> {
                b[i++] = 1;
                b[i++] = 0; // uncompressed
            }
            case TlsProfile.EXT_RENEGOTIATION_INFO -> b[i++] = 0;
            case TlsProfile.EXT_PSK_MODES -> {
                b[i++] = 1;
                b[i++] = 1; // psk_dhe_ke
            }
            case TlsProfile.EXT_STATUS_REQUEST -> {
                b[i++] = 1; // OCSP
                i = put16(b, i, 0);
                i = put16(b, i, 0);
            }
            case TlsProfile.EXT_COMPRESS_CERTIFICATE -> {
                b[i++] = 2;
                i = put16(b, i, 2); // brotli
            }
            case TlsProfile.EXT_KEY_SHARE -> {
                i = put16(b, i, 36);
                i = put16(b, i, 0x001d); // x25519
                i = put16(b, i, 32);
                i = random(b, i, 32, rng);
            }
            default -> { } // extended_master_secret, session_ticket, SCT and unknown ones: empty
        }
        return i;
    }

    private static int greaseValue(RandomGenerator rng) {
        int nibble = rng.nextInt(16);
        return (nibble << 12) | 0x0A00 | (nibble << 4) | 0x0A;
    }

    private static int random(byte[] b, int i, int length, RandomGenerator rng) {
        for (int k = 0; k < length; k += 8) {
            long v = rng.nextLong();
            for (int j = 0; j < 8 && k + j < length; j++, v >>>= 8) {
                b[i + k + j] = (byte) v;
            }
        }
        return i + length;
    }

    private static int put16(byte[] b, int at, int value) {
        b[at] = (byte) (value >>> 8);
        b[at + 1] = (byte) value;
        return at + 2;
    }
}
