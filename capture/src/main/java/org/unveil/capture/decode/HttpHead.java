package org.unveil.capture.decode;

import static org.unveil.capture.decode.NetworkBytes.u8;

import java.lang.foreign.MemorySegment;

/**
 * A view of an HTTP/1.x request or response head (RFC 9112 sections 2-5) at the start of a TCP payload:
 * the start line and the first occurrence of each {@link HttpHeader}, kept as offsets into the capture.
 * Nothing is copied until a caller asks for a String.
 */
public final class HttpHead {
    private static final int CR = '\r';
    private static final int LF = '\n';
    private static final byte[][] METHODS = {
        bytes("GET "), bytes("POST "), bytes("HEAD "), bytes("PUT "), bytes("DELETE "), bytes("OPTIONS "),
        bytes("CONNECT "), bytes("TRACE "), bytes("PATCH "), bytes("NOTIFY "), bytes("M-SEARCH "),
        bytes("SUBSCRIBE "),
    };
    private static final byte[] RESPONSE = bytes("HTTP/1.");
    private static final byte[] VERSION = bytes("HTTP/");
    private static final long NOT_HTTP = -2;
    private static final HttpHeader[] HEADERS = HttpHeader.values();

    private MemorySegment segment = MemorySegment.NULL;
    private long start;
    private boolean request;
    private boolean complete;
    private int methodLength;
    private long uriOffset;
    private int uriLength;
    private int statusCode;
    private final long[] valueOffsets = new long[HEADERS.length];
    private final int[] valueLengths = new int[HEADERS.length];

    private static byte[] bytes(String s) {
        return s.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    }

    /**
     * Parses the head if the payload starts like an HTTP/1.x request or response.
     *
     * @return false if it does not
     */
    public boolean wrap(MemorySegment segment, long offset, int length) {
        this.segment = segment;
        this.start = offset;
        java.util.Arrays.fill(valueLengths, -1);
        complete = false;
        statusCode = -1;
        uriLength = 0;
        methodLength = 0;
        if (length < 8) {
            return false;
        }
        long end = offset + length;
        long lineEnd;
        if (startsWith(offset, end, RESPONSE)) {
            request = false;
            lineEnd = responseLine(offset, end);
        } else {
            methodLength = methodLength(offset, end);
            if (methodLength == 0) {
                return false;
            }
            request = true;
            lineEnd = requestLine(offset, end);
            if (lineEnd == NOT_HTTP) {
                return false;
            }
        }
        if (lineEnd < 0) {
            return true; // start line cut short: still HTTP, with no headers
        }
        headers(lineEnd, end);
        return true;
    }

    private int methodLength(long at, long end) {
        for (byte[] method : METHODS) {
            if (startsWith(at, end, method)) {
                return method.length - 1;
            }
        }
        return 0;
    }

    private boolean startsWith(long at, long end, byte[] prefix) {
        if (end - at < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (segment.get(java.lang.foreign.ValueLayout.JAVA_BYTE, at + i) != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    /** Reads {@code METHOD SP request-target SP HTTP-version CRLF}; returns the offset after the line. */
    private long requestLine(long offset, long end) {
        long uri = offset + methodLength + 1;
        long eol = lineEnd(uri, end);
        long lineStop = eol < 0 ? end : eol;
        long space = uri;
        while (space < lineStop && u8(segment, space) != ' ') {
            space++;
        }
        uriOffset = uri;
        uriLength = (int) (space - uri);
        if (eol < 0) {
            return -1;
        }
        // SIP and RTSP share the request-line shape; only an HTTP version makes it HTTP
        return startsWith(space + 1, eol, VERSION) ? next(eol, end) : NOT_HTTP;
    }

    /** Reads {@code HTTP-version SP status-code SP reason CRLF}. */
    private long responseLine(long offset, long end) {
        long code = offset + RESPONSE.length + 2;
        if (code + 3 <= end) {
            int value = 0;
            for (int i = 0; i < 3; i++) {
                int digit = u8(segment, code + i) - '0';
                if (digit < 0 || digit > 9) {
                    value = -1;
                    break;
                }
                value = value * 10 + digit;
            }
            statusCode = value;
        }
        long eol = lineEnd(offset, end);
        return eol < 0 ? -1 : next(eol, end);
    }

    /** Offset of the CR or LF ending the line from {@code at}, or -1 if the payload ends first. */
    private long lineEnd(long at, long end) {
        for (long i = at; i < end; i++) {
            int b = u8(segment, i);
            if (b == CR || b == LF) {
                return i;
            }
        }
        return -1;
    }

    /** Offset after the line terminator at {@code eol} (CRLF or a bare LF). */
    private long next(long eol, long end) {
        return u8(segment, eol) == CR && eol + 1 < end && u8(segment, eol + 1) == LF ? eol + 2 : eol + 1;
    }

    private void headers(long at, long end) {
        long line = at;
        while (line < end) {
            long eol = lineEnd(line, end);
            if (eol == line) {
                complete = true; // the empty line ending the head
                return;
            }
            long stop = eol < 0 ? end : eol;
            field(line, stop);
            if (eol < 0) {
                return;
            }
            line = next(eol, end);
        }
    }

    private void field(long line, long stop) {
        long colon = line;
        while (colon < stop && u8(segment, colon) != ':') {
            colon++;
        }
        if (colon == stop) {
            return;
        }
        int nameLength = (int) (colon - line);
        for (int h = 0; h < HEADERS.length; h++) {
            if (valueLengths[h] < 0 && nameMatches(line, nameLength, HEADERS[h].lowerCase)) {
                long value = colon + 1;
                while (value < stop && isBlank(u8(segment, value))) {
                    value++;
                }
                long valueEnd = stop;
                while (valueEnd > value && isBlank(u8(segment, valueEnd - 1))) {
                    valueEnd--;
                }
                valueOffsets[h] = value;
                valueLengths[h] = (int) (valueEnd - value);
                return;
            }
        }
    }

    private static boolean isBlank(int b) {
        return b == ' ' || b == '\t';
    }

    /** Field names are case-insensitive (RFC 9110 section 5.1). */
    private boolean nameMatches(long at, int length, byte[] lowerName) {
        if (length != lowerName.length) {
            return false;
        }
        for (int i = 0; i < length; i++) {
            int b = u8(segment, at + i);
            if (b >= 'A' && b <= 'Z') {
                b += 'a' - 'A';
            }
            if (b != lowerName[i]) {
                return false;
            }
        }
        return true;
    }

    public boolean isRequest() {
        return request;
    }

    public boolean isResponse() {
        return !request;
    }

    /** True when the head ended (empty line) inside this payload. */
    public boolean isComplete() {
        return complete;
    }

    public String method() {
        return request ? NetworkBytes.ascii(segment, start, methodLength) : null;
    }

    public String uri() {
        return request ? NetworkBytes.ascii(segment, uriOffset, uriLength) : null;
    }

    /** Response status code, or -1. */
    public int statusCode() {
        return statusCode;
    }

    public boolean has(HttpHeader header) {
        return valueLengths[header.ordinal()] >= 0;
    }

    /** The field's value without surrounding blanks, or null when absent. */
    public String value(HttpHeader header) {
        int length = valueLengths[header.ordinal()];
        return length < 0 ? null : NetworkBytes.ascii(segment, valueOffsets[header.ordinal()], length);
    }

    /** Offset of the field's value in the segment, for zero-copy matching; -1 when absent. */
    public long valueOffset(HttpHeader header) {
        return has(header) ? valueOffsets[header.ordinal()] : -1;
    }

    public int valueLength(HttpHeader header) {
        return valueLengths[header.ordinal()];
    }
}
