package org.unveil.generator.app;

import org.unveil.generator.frame.Ascii;

/**
 * Writes HTTP/1.1 heads from pre-encoded parts straight into a frame, so a message costs copies, not strings:
 * the request line with Host and User-Agent that every generated client sends, then either the short
 * download request and response of the synthetic captures or the parts a richer application appends.
 */
public final class HttpWriter {
    private static final byte[] GET = Ascii.bytes("GET ");
    private static final byte[] VERSION_HOST = Ascii.bytes(" HTTP/1.1\r\nHost: ");
    private static final byte[] USER_AGENT = Ascii.bytes("\r\nUser-Agent: ");
    private static final byte[] REQUEST_END = Ascii.bytes("\r\nAccept: */*\r\nAccept-Encoding: gzip, deflate\r\n"
            + "Connection: close\r\n\r\n");
    /** The status line of a 200 response and the name of its first header, Server. */
    public static final byte[] OK_SERVER = Ascii.bytes("HTTP/1.1 200 OK\r\nServer: ");
    private static final byte[] LENGTH = Ascii.bytes("\r\nContent-Type: application/octet-stream\r\nContent-Length: ");
    private static final byte[] HEAD_END = Ascii.bytes("\r\nConnection: close\r\n\r\n");

    private HttpWriter() {
    }

    /**
     * Writes {@code GET path HTTP/1.1}, Host and User-Agent (without the line end after it) at {@code at};
     * returns the offset after it.
     */
    public static int requestStart(byte[] b, int at, byte[] path, byte[] host, byte[] userAgent) {
        int i = Ascii.put(b, at, GET);
        i = Ascii.put(b, i, path);
        i = Ascii.put(b, i, VERSION_HOST);
        i = Ascii.put(b, i, host);
        i = Ascii.put(b, i, USER_AGENT);
        return Ascii.put(b, i, userAgent);
    }

    /** Writes a complete {@code GET path} that closes the connection after the answer; returns its length. */
    public static int request(byte[] b, int at, byte[] path, byte[] host, byte[] userAgent) {
        return Ascii.put(b, requestStart(b, at, path, host, userAgent), REQUEST_END) - at;
    }

    /** Writes a 200 response head announcing {@code bodyLength} bytes; returns its length. */
    public static int responseHead(byte[] b, int at, byte[] server, int bodyLength) {
        int i = Ascii.put(b, at, OK_SERVER);
        i = Ascii.put(b, i, server);
        i = Ascii.put(b, i, LENGTH);
        i = Ascii.putDecimal(b, i, bodyLength);
        i = Ascii.put(b, i, HEAD_END);
        return i - at;
    }

    /** The length {@link #responseHead} will write, to plan segment sizes. */
    public static int responseHeadLength(byte[] server, int bodyLength) {
        return OK_SERVER.length + server.length + LENGTH.length + Integer.toString(bodyLength).length()
                + HEAD_END.length;
    }
}
