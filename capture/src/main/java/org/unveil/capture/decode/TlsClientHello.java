package org.unveil.capture.decode;

import static org.unveil.capture.decode.NetworkBytes.u16;
import static org.unveil.capture.decode.NetworkBytes.u24;
import static org.unveil.capture.decode.NetworkBytes.u8;

import java.lang.foreign.MemorySegment;

/**
 * A view of a TLS ClientHello (RFC 8446 section 4.1.2) in the first record of a TCP payload: versions,
 * cipher suites, extensions in order, SNI (RFC 6066 section 3), ALPN (RFC 7301), supported_versions,
 * signature_algorithms and supported_groups: what a JA4-style fingerprint is built from. A hello longer
 * than the captured segment is read as far as it goes.
 */
public final class TlsClientHello {
    public static final int CONTENT_HANDSHAKE = 22;
    public static final int HANDSHAKE_CLIENT_HELLO = 1;
    public static final int EXT_SERVER_NAME = 0;
    public static final int EXT_SUPPORTED_GROUPS = 10;
    public static final int EXT_SIGNATURE_ALGORITHMS = 13;
    public static final int EXT_ALPN = 16;
    public static final int EXT_SUPPORTED_VERSIONS = 43;
    static final int RECORD_HEADER = 5;
    static final int HANDSHAKE_HEADER = 4;
    static final int RANDOM = 32;
    private static final int MAX_EXTENSIONS = 64;

    private MemorySegment segment = MemorySegment.NULL;
    private long hello;
    private boolean complete;
    private long cipherOffset;
    private int cipherCount;
    private int extensionCount;
    private final int[] extensionTypes = new int[MAX_EXTENSIONS];
    private final long[] extensionOffsets = new long[MAX_EXTENSIONS];
    private final int[] extensionLengths = new int[MAX_EXTENSIONS];

    /** @return false if the payload does not start with a handshake record holding a ClientHello */
    public boolean wrap(MemorySegment segment, long offset, int length) {
        this.segment = segment;
        this.complete = false;
        this.cipherCount = 0;
        this.extensionCount = 0;
        long end = offset + length;
        if (length < RECORD_HEADER + HANDSHAKE_HEADER + 2 || u8(segment, offset) != CONTENT_HANDSHAKE
                || u8(segment, offset + 1) != 3 || u8(segment, offset + RECORD_HEADER) != HANDSHAKE_CLIENT_HELLO) {
            return false;
        }
        hello = offset + RECORD_HEADER + HANDSHAKE_HEADER;
        long helloEnd = Math.min(end, hello + u24(segment, offset + RECORD_HEADER + 1));
        long at = hello + 2 + RANDOM;
        if (at + 1 > helloEnd) {
            return true;
        }
        at += 1 + u8(segment, at); // legacy_session_id
        if (at + 2 > helloEnd) {
            return true;
        }
        int cipherBytes = u16(segment, at);
        cipherOffset = at + 2;
        cipherCount = (int) (Math.min(cipherBytes, helloEnd - cipherOffset) / 2);
        at = cipherOffset + cipherBytes;
        if (at + 1 > helloEnd) {
            return true;
        }
        at += 1 + u8(segment, at); // legacy_compression_methods
        if (at + 2 > helloEnd) {
            return true;
        }
        long extensionsEnd = Math.min(helloEnd, at + 2 + u16(segment, at));
        at += 2;
        while (at + 4 <= extensionsEnd && extensionCount < MAX_EXTENSIONS) {
            int type = u16(segment, at);
            int extensionLength = u16(segment, at + 2);
            if (at + 4 + extensionLength > extensionsEnd) {
                return true;
            }
            extensionTypes[extensionCount] = type;
            extensionOffsets[extensionCount] = at + 4;
            extensionLengths[extensionCount] = extensionLength;
            extensionCount++;
            at += 4 + extensionLength;
        }
        complete = at == extensionsEnd;
        return true;
    }

    /** True when the whole hello was captured in this payload. */
    public boolean isComplete() {
        return complete;
    }

    /** The legacy_version field (0x0303 for TLS 1.2 and 1.3). */
    public int legacyVersion() {
        return u16(segment, hello);
    }

    /** The highest version offered: from supported_versions when present (GREASE ignored), else legacy. */
    public int highestVersion() {
        int index = extensionIndex(EXT_SUPPORTED_VERSIONS);
        if (index < 0 || extensionLengths[index] < 1) {
            return legacyVersion();
        }
        long at = extensionOffsets[index];
        int listLength = Math.min(u8(segment, at), extensionLengths[index] - 1);
        int best = 0;
        for (int i = 0; i + 1 < listLength; i += 2) {
            int version = u16(segment, at + 1 + i);
            if (!isGrease(version) && version > best) {
                best = version;
            }
        }
        return best == 0 ? legacyVersion() : best;
    }

    /** GREASE values (RFC 8701) are 0x?A?A with both bytes equal. */
    public static boolean isGrease(int value) {
        return (value & 0x0F0F) == 0x0A0A && (value >> 8) == (value & 0xFF);
    }

    public int cipherSuiteCount() {
        return cipherCount;
    }

    public int cipherSuite(int index) {
        return u16(segment, cipherOffset + 2L * index);
    }

    public int extensionCount() {
        return extensionCount;
    }

    public int extensionType(int index) {
        return extensionTypes[index];
    }

    /** Index of the first extension of {@code type}, or -1. */
    public int extensionIndex(int type) {
        for (int i = 0; i < extensionCount; i++) {
            if (extensionTypes[i] == type) {
                return i;
            }
        }
        return -1;
    }

    /** The first host_name of the server_name extension, or null. */
    public String serverName() {
        int index = extensionIndex(EXT_SERVER_NAME);
        if (index < 0 || extensionLengths[index] < 5) {
            return null;
        }
        long at = extensionOffsets[index];
        int nameLength = u16(segment, at + 3);
        if (u8(segment, at + 2) != 0 || 5 + nameLength > extensionLengths[index]) {
            return null;
        }
        return NetworkBytes.ascii(segment, at + 5, nameLength);
    }

    /** Protocols offered by ALPN, in order, or an empty array. */
    public String[] alpnProtocols() {
        int index = extensionIndex(EXT_ALPN);
        if (index < 0 || extensionLengths[index] < 2) {
            return new String[0];
        }
        long at = extensionOffsets[index] + 2;
        long end = extensionOffsets[index] + extensionLengths[index];
        java.util.List<String> protocols = new java.util.ArrayList<>();
        while (at < end) {
            int length = u8(segment, at);
            if (at + 1 + length > end) {
                break;
            }
            protocols.add(NetworkBytes.ascii(segment, at + 1, length));
            at += 1 + length;
        }
        return protocols.toArray(String[]::new);
    }

    /** Values of a list extension of 16-bit entries (signature_algorithms, supported_groups), in order. */
    public int[] u16List(int extensionType) {
        int index = extensionIndex(extensionType);
        if (index < 0 || extensionLengths[index] < 2) {
            return new int[0];
        }
        long at = extensionOffsets[index];
        int count = Math.min(u16(segment, at), extensionLengths[index] - 2) / 2;
        int[] values = new int[count];
        for (int i = 0; i < count; i++) {
            values[i] = u16(segment, at + 2 + 2L * i);
        }
        return values;
    }
}
