package org.unveil.capture.decode;

import static org.unveil.capture.decode.NetworkBytes.u8;

import java.lang.foreign.MemorySegment;

/**
 * A view of an HTTP/1.x request or response head (RFC 9112 sections 2-5) at the start of a TCP payload:
 * the start line and the first occurrence of each {@link HttpHeader}, kept as offsets into the capture.
 * Nothing is copied until a caller asks for a String. {@link #wrap} reads the start line only; the header
 * lines are read on the first question about them, so a caller that only needs to know a payload is HTTP
 * (or that its head is complete) does not pay for them. Like every view, it is valid while its packet is.
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
    /** Where the header lines start and the payload ends; headersParsed once they have been read. */
    private long headersAt;
    private long end;
    private boolean headersParsed;

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
        headersParsed = true; // nothing to read unless a start line is found below
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
        headersAt = lineEnd;
        this.end = end;
        headersParsed = false;
        return true;
    }

    /** The length of the request method starting the payload (0: none); the first four bytes name the one candidate. */
    private int methodLength(long at, long end) {
        byte[] method = switch (NetworkBytes.i32(segment, at)) {
            case 0x47455420 -> METHODS[0]; // "GET "
            case 0x504F5354 -> METHODS[1]; // "POST"
            case 0x48454144 -> METHODS[2]; // "HEAD"
            case 0x50555420 -> METHODS[3]; // "PUT "
            case 0x44454C45 -> METHODS[4]; // "DELE"
            case 0x4F505449 -> METHODS[5]; // "OPTI"
            case 0x434F4E4E -> METHODS[6]; // "CONN"
            case 0x54524143 -> METHODS[7]; // "TRAC"
            case 0x50415443 -> METHODS[8]; // "PATC"
            case 0x4E4F5449 -> METHODS[9]; // "NOTI"
            case 0x4D2D5345 -> METHODS[10]; // "M-SE"
            case 0x53554253 -> METHODS[11]; // "SUBS"
            default -> null;
        };
        return method != null && startsWith(at, end, method) ? method.length - 1 : 0;
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
        long space = NetworkBytes.indexOf(segment, uri, lineStop, (byte) ' ');
        if (space < 0) {
            space = lineStop;
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
        return NetworkBytes.lineEnd(segment, at, end);
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
        long colon = NetworkBytes.indexOf(segment, line, stop, (byte) ':');
        if (colon < 0) {
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

    /** Reads the header lines if no question has needed them yet. */
    private void ensureHeaders() {
        if (!headersParsed) {
            headersParsed = true;
            headers(headersAt, end);
        }
    }

    /** True when the head ended (empty line) inside this payload. */
    public boolean isComplete() {
        if (!headersParsed && endsWithEmptyLine()) {
            // CR LF CR LF after the start line always holds the empty line the header walk would stop at
            return true;
        }
        ensureHeaders();
        return complete;
    }

    /** Whether the payload's last four bytes are CR LF CR LF (a request without a body). */
    private boolean endsWithEmptyLine() {
        return end - headersAt >= 4 && NetworkBytes.i32(segment, end - 4) == 0x0D0A0D0A;
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
        ensureHeaders();
        return valueLengths[header.ordinal()] >= 0;
    }

    /** The field's value without surrounding blanks, or null when absent. */
    public String value(HttpHeader header) {
        ensureHeaders();
        int length = valueLengths[header.ordinal()];
        return length < 0 ? null : NetworkBytes.ascii(segment, valueOffsets[header.ordinal()], length);
    }

    /** Offset of the field's value in the segment, for zero-copy matching; -1 when absent. */
    public long valueOffset(HttpHeader header) {
        return has(header) ? valueOffsets[header.ordinal()] : -1;
    }

    public int valueLength(HttpHeader header) {
        ensureHeaders();
        return valueLengths[header.ordinal()];
    }
}
