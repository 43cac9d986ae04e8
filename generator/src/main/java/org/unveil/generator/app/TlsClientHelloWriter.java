package org.unveil.generator.app;

import java.util.random.RandomGenerator;
import org.unveil.generator.frame.Ascii;

/**
 * Writes the ClientHello (RFC 8446 section 4.1.2) of one {@link TlsProfile} into a frame: one record, fresh
 * random, session id, GREASE values and key shares per connection, the server's name as SNI. The profile's lists
 * are turned into arrays once, so a hello costs no allocation. One writer serves one thread.
 */
public final class TlsClientHelloWriter {
    /** Where the session id starts in the record: after the record and handshake headers, version and random. */
    public static final int SESSION_ID_OFFSET = 5 + 4 + 2 + 32 + 1;

    private final int recordVersion;
    private final int sessionIdLength;
    private final int[] ciphers;
    private final int[] extensions;
    /** The extensions other than GREASE, in this hello's order. */
    private final int[] order;
    private final int[] ordered;
    private final int[] groups;
    private final int[] signatures;
    private final byte[][] alpn;
    private final int[] keyShares;
    private final int[] versions;
    private final int[] compression;
    private final int[] delegated;
    private final byte[][] alps;
    private final int recordSizeLimit;
    private final boolean versionGrease;
    private final boolean shuffle;
    private int greaseGroup;
    private int greaseVersion;

    public TlsClientHelloWriter(TlsProfile profile) {
        recordVersion = profile.recordVersion();
        sessionIdLength = profile.sessionIdLength();
        ciphers = ints(profile.ciphers());
        extensions = ints(profile.extensions());
        ordered = profile.extensions().stream().filter(e -> e != TlsProfile.GREASE).mapToInt(Integer::intValue)
                .toArray();
        order = ordered.clone();
        groups = ints(profile.groups());
        signatures = ints(profile.signatureAlgorithms());
        alpn = profile.alpn().stream().map(Ascii::bytes).toArray(byte[][]::new);
        keyShares = ints(profile.keyShares());
        versions = ints(profile.versions());
        compression = ints(profile.certificateCompression());
        delegated = ints(profile.delegatedCredentials());
        alps = profile.applicationSettings().stream().map(Ascii::bytes).toArray(byte[][]::new);
        recordSizeLimit = profile.recordSizeLimit();
        versionGrease = profile.versions().contains(TlsProfile.GREASE);
        shuffle = profile.shuffleExtensions();
    }

    /** The bytes of a key share for {@code group}: its public key's size on the wire. */
    static int keyLength(int group) {
        return switch (group) {
            case TlsProfile.GREASE -> 1;
            case TlsProfile.X25519 -> 32;
            case TlsProfile.SECP256R1 -> 65;
            case TlsProfile.SECP384R1 -> 97;
            case TlsProfile.X25519_MLKEM768 -> 1216;
            default -> throw new IllegalArgumentException("no key size known for group 0x"
                    + Integer.toHexString(group));
        };
    }

    /** Writes the record at {@code at}; returns its length. */
    public int write(byte[] b, int at, byte[] serverName, RandomGenerator rng) {
        // drawn in this order whatever the profile uses, so that one seed keeps giving the same hellos
        int greaseCipher = greaseValue(rng);
        int greaseFirst = greaseValue(rng);
        int greaseLast = greaseFirst ^ 0x1010; // RFC 8701: two GREASE extensions must differ
        greaseGroup = greaseValue(rng);
        greaseVersion = versionGrease ? greaseValue(rng) : 0;
        b[at] = 22;
        put16(b, at + 1, recordVersion);
        b[at + 5] = 1; // ClientHello
        int i = at + 9;
        i = put16(b, i, 0x0303);
        i = random(b, i, 32, rng);
        b[i++] = (byte) sessionIdLength;
        i = random(b, i, sessionIdLength, rng);
        int ciphersAt = i;
        i += 2;
        for (int c : ciphers) {
            i = put16(b, i, c == TlsProfile.GREASE ? greaseCipher : c);
        }
        put16(b, ciphersAt, i - ciphersAt - 2);
        b[i++] = 1;
        b[i++] = 0; // null compression only
        int extensionsAt = i;
        i += 2;
        System.arraycopy(ordered, 0, order, 0, order.length);
        if (shuffle) {
            for (int k = order.length - 1; k > 0; k--) {
                int j = rng.nextInt(k + 1);
                int t = order[k];
                order[k] = order[j];
                order[j] = t;
            }
        }
        int next = 0;
        boolean firstGrease = true;
        for (int slot : extensions) {
            if (slot == TlsProfile.GREASE) {
                i = put16(b, i, firstGrease ? greaseFirst : greaseLast);
                if (firstGrease) {
                    i = put16(b, i, 0);
                } else {
                    i = put16(b, i, 1);
                    b[i++] = 0;
                }
                firstGrease = false;
                continue;
            }
            int type = order[next++];
            i = put16(b, i, type);
            int lengthAt = i;
            i = extension(b, i + 2, type, serverName, rng);
            put16(b, lengthAt, i - lengthAt - 2);
        }
        put16(b, extensionsAt, i - extensionsAt - 2);
        put16(b, at + 3, i - at - 5);
        int handshake = i - at - 9;
        b[at + 6] = (byte) (handshake >>> 16);
        put16(b, at + 7, handshake);
        return i - at;
    }

    private int extension(byte[] b, int i, int type, byte[] serverName, RandomGenerator rng) {
        switch (type) {
            case TlsProfile.EXT_SERVER_NAME -> {
                i = put16(b, i, serverName.length + 3);
                b[i++] = 0; // host_name
                i = put16(b, i, serverName.length);
                System.arraycopy(serverName, 0, b, i, serverName.length);
                i += serverName.length;
            }
            case TlsProfile.EXT_SUPPORTED_GROUPS -> i = list16(b, i, groups);
            case TlsProfile.EXT_SIGNATURE_ALGORITHMS -> i = list16(b, i, signatures);
            case TlsProfile.EXT_DELEGATED_CREDENTIALS -> i = list16(b, i, delegated);
            case TlsProfile.EXT_ALPN -> i = protocols(b, i, alpn);
            case TlsProfile.EXT_APPLICATION_SETTINGS -> i = protocols(b, i, alps);
            case TlsProfile.EXT_SUPPORTED_VERSIONS -> {
                b[i++] = (byte) (2 * versions.length);
                for (int v : versions) {
                    i = put16(b, i, v == TlsProfile.GREASE ? greaseVersion : v);
                }
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
                b[i++] = (byte) (2 * compression.length);
                for (int algorithm : compression) {
                    i = put16(b, i, algorithm);
                }
            }
            case TlsProfile.EXT_RECORD_SIZE_LIMIT -> i = put16(b, i, recordSizeLimit);
            case TlsProfile.EXT_KEY_SHARE -> {
                int listAt = i;
                i += 2;
                for (int group : keyShares) {
                    int length = keyLength(group);
                    i = put16(b, i, group == TlsProfile.GREASE ? greaseGroup : group);
                    i = put16(b, i, length);
                    if (group == TlsProfile.GREASE) {
                        b[i++] = 0;
                    } else if (group == TlsProfile.SECP256R1 || group == TlsProfile.SECP384R1) {
                        b[i++] = 4; // an uncompressed point: 0x04, then x and y
                        i = random(b, i, length - 1, rng);
                    } else {
                        i = random(b, i, length, rng);
                    }
                }
                put16(b, listAt, i - listAt - 2);
            }
            default -> { } // extended_master_secret, session_ticket, SCT and unknown ones: empty
        }
        return i;
    }

    /** A u16-length list of u16 values, GREASE standing for this hello's group value. */
    private int list16(byte[] b, int i, int[] values) {
        i = put16(b, i, 2 * values.length);
        for (int v : values) {
            i = put16(b, i, v == TlsProfile.GREASE ? greaseGroup : v);
        }
        return i;
    }

    private static int protocols(byte[] b, int i, byte[][] names) {
        int listAt = i;
        i += 2;
        for (byte[] protocol : names) {
            b[i++] = (byte) protocol.length;
            System.arraycopy(protocol, 0, b, i, protocol.length);
            i += protocol.length;
        }
        put16(b, listAt, i - listAt - 2);
        return i;
    }

    private static int[] ints(java.util.List<Integer> values) {
        return values.stream().mapToInt(Integer::intValue).toArray();
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
