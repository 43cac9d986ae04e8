package org.unveil.synth.frame;

/**
 * Writes HTTP/1.1 request and response heads from pre-encoded parts straight into a frame, so a request costs
 * copies, not strings.
 */
public final class HttpWriter {
    private static final byte[] GET = ascii("GET ");
    private static final byte[] VERSION_HOST = ascii(" HTTP/1.1\r\nHost: ");
    private static final byte[] USER_AGENT = ascii("\r\nUser-Agent: ");
    private static final byte[] REQUEST_END = ascii("\r\nAccept: */*\r\nAccept-Encoding: gzip, deflate\r\n"
            + "Connection: close\r\n\r\n");
    private static final byte[] STATUS_SERVER = ascii("HTTP/1.1 200 OK\r\nServer: ");
    private static final byte[] LENGTH = ascii("\r\nContent-Type: application/octet-stream\r\nContent-Length: ");
    private static final byte[] HEAD_END = ascii("\r\nConnection: close\r\n\r\n");

    private HttpWriter() {
    }

    /** Bytes of an ASCII text; for pre-encoding the parts once per host or server. */
    public static byte[] ascii(String text) {
        return text.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
    }

    /** Writes {@code GET path} with Host and User-Agent at {@code at}; returns its length. */
    public static int request(byte[] b, int at, byte[] path, byte[] host, byte[] userAgent) {
        int i = put(b, at, GET);
        i = put(b, i, path);
        i = put(b, i, VERSION_HOST);
        i = put(b, i, host);
        i = put(b, i, USER_AGENT);
        i = put(b, i, userAgent);
        i = put(b, i, REQUEST_END);
        return i - at;
    }

    /** Writes a 200 response head announcing {@code bodyLength} bytes; returns its length. */
    public static int responseHead(byte[] b, int at, byte[] server, int bodyLength) {
        int i = put(b, at, STATUS_SERVER);
        i = put(b, i, server);
        i = put(b, i, LENGTH);
        i = decimal(b, i, bodyLength);
        i = put(b, i, HEAD_END);
        return i - at;
    }

    /** The length {@link #responseHead} will write, to plan segment sizes. */
    public static int responseHeadLength(byte[] server, int bodyLength) {
        return STATUS_SERVER.length + server.length + LENGTH.length + Integer.toString(bodyLength).length()
                + HEAD_END.length;
    }

    private static int put(byte[] b, int at, byte[] part) {
        System.arraycopy(part, 0, b, at, part.length);
        return at + part.length;
    }

    private static int decimal(byte[] b, int at, int value) {
        int digits = 1;
        for (int v = value; v >= 10; v /= 10) {
            digits++;
        }
        for (int i = at + digits - 1, v = value; i >= at; i--, v /= 10) {
            b[i] = (byte) ('0' + v % 10);
        }
        return at + digits;
    }
}
