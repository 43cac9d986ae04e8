package org.unveil.probe;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http2.DefaultHttp2Headers;
import io.netty.handler.codec.http2.DefaultHttp2HeadersDecoder;
import io.netty.handler.codec.http2.DefaultHttp2HeadersEncoder;
import io.netty.handler.codec.http2.Http2Exception;
import io.netty.handler.codec.http2.Http2Headers;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.unveil.probe.evidence.Header;

/**
 * HTTP/2 on one connection, one GET at a time: the frames are read and written here (they are few and simple),
 * header blocks go through Netty's HPACK coder, whose tables live as long as the connection. Response headers
 * keep the order the server encoded them in. Flow control: every DATA frame is handed back at once.
 */
final class Http2 {
    private static final byte[] PREFACE = "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
    /** RFC 9113's default and the most we announce: no frame of ours or theirs is larger. */
    private static final int MAX_FRAME = 16_384;
    private static final int DATA = 0;
    private static final int HEADERS = 1;
    private static final int RST_STREAM = 3;
    private static final int SETTINGS = 4;
    private static final int PING = 6;
    private static final int GOAWAY = 7;
    private static final int WINDOW_UPDATE = 8;
    private static final int CONTINUATION = 9;
    private static final int END_STREAM = 0x1;
    private static final int ACK = 0x1;
    private static final int END_HEADERS = 0x4;
    private static final int PADDED = 0x8;
    private static final int PRIORITY = 0x20;

    private final Connection c;
    private final DefaultHttp2HeadersEncoder encoder = new DefaultHttp2HeadersEncoder();
    private final DefaultHttp2HeadersDecoder decoder = new DefaultHttp2HeadersDecoder(false, 64 * 1024L);
    private final byte[] payload = new byte[MAX_FRAME];
    private int nextStream = 1;
    private boolean closed;

    private Http2(Connection c) {
        this.c = c;
    }

    /** Sends the client preface and our settings (no server push). */
    static Http2 start(Connection c) throws IOException {
        Http2 h = new Http2(c);
        c.out().write(PREFACE);
        h.frame(SETTINGS, 0, 0, new byte[] {0, 2, 0, 0, 0, 0}); // SETTINGS_ENABLE_PUSH = 0
        return h;
    }

    /** Whether another request may go on this connection. */
    boolean usable() {
        return !closed && nextStream < (1 << 30);
    }

    Response get(String scheme, String authority, String path, String cookies, int bodyLimit, long deadlineNanos)
            throws IOException {
        int stream = nextStream;
        nextStream += 2;
        Http2Headers request = new DefaultHttp2Headers().method("GET").scheme(scheme).authority(authority).path(path)
                .add("user-agent", Fetcher.USER_AGENT).add("accept", "*/*");
        if (cookies != null) {
            request.add("cookie", cookies);
        }
        ByteBuf block = Unpooled.buffer();
        try {
            encoder.encodeHeaders(stream, request, block);
            if (block.readableBytes() > MAX_FRAME) {
                throw new Failed("the request's headers do not fit one HTTP/2 frame");
            }
            byte[] bytes = new byte[block.readableBytes()];
            block.readBytes(bytes);
            frame(HEADERS, END_HEADERS | END_STREAM, stream, bytes);
        } catch (Http2Exception e) {
            throw new Failed("the request's headers cannot be encoded");
        } finally {
            block.release();
        }
        c.out().flush();
        return read(stream, bodyLimit, deadlineNanos);
    }

    private Response read(int stream, int bodyLimit, long deadlineNanos) throws IOException {
        byte[] head = new byte[9];
        ByteArrayOutputStream headerBlock = new ByteArrayOutputStream();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        Http2Headers response = null;
        long received = 0;
        while (true) {
            c.readFully(head, 9, deadlineNanos);
            int length = (head[0] & 0xff) << 16 | (head[1] & 0xff) << 8 | head[2] & 0xff;
            int type = head[3] & 0xff;
            int flags = head[4] & 0xff;
            int id = ((head[5] & 0x7f) << 24) | (head[6] & 0xff) << 16 | (head[7] & 0xff) << 8 | head[8] & 0xff;
            if (length > MAX_FRAME) {
                closed = true;
                throw new Failed("the server sent an HTTP/2 frame larger than allowed");
            }
            c.readFully(payload, length, deadlineNanos);
            boolean ours = id == stream;
            switch (type) {
                case SETTINGS -> {
                    if ((flags & ACK) == 0) {
                        frame(SETTINGS, ACK, 0, new byte[0]);
                        c.out().flush();
                    }
                }
                case PING -> {
                    if ((flags & ACK) == 0) {
                        frame(PING, ACK, 0, java.util.Arrays.copyOf(payload, length));
                        c.out().flush();
                    }
                }
                case GOAWAY -> {
                    closed = true;
                    int code = length >= 8 ? (payload[4] & 0xff) << 24 | (payload[5] & 0xff) << 16
                            | (payload[6] & 0xff) << 8 | payload[7] & 0xff : 0;
                    throw new Failed("the server ended the HTTP/2 connection (GOAWAY, error " + code + ")");
                }
                case RST_STREAM -> {
                    if (ours) {
                        throw new Failed("the server reset the HTTP/2 request");
                    }
                }
                case HEADERS, CONTINUATION -> {
                    int from = 0;
                    int to = length;
                    if (type == HEADERS && (flags & PADDED) != 0) {
                        from = 1;
                        to -= payload[0] & 0xff;
                    }
                    if (type == HEADERS && (flags & PRIORITY) != 0) {
                        from += 5;
                    }
                    if (to < from) {
                        closed = true;
                        throw new Failed("the server sent a malformed HTTP/2 HEADERS frame");
                    }
                    headerBlock.write(payload, from, to - from);
                    if ((flags & END_HEADERS) != 0) {
                        // every block is decoded, ours or not: HPACK's table follows them all
                        Http2Headers decoded = decode(id, headerBlock.toByteArray());
                        headerBlock.reset();
                        if (ours && response == null && decoded.status() != null
                                && !decoded.status().toString().startsWith("1")) {
                            response = decoded;
                            received = Fetcher.now();
                        }
                    }
                    if (ours && response != null && (flags & END_STREAM) != 0) {
                        return response(response, body, received);
                    }
                }
                case DATA -> {
                    if (length > 0) {
                        window(0, length);
                    }
                    if (ours) {
                        int from = (flags & PADDED) != 0 ? 1 : 0;
                        int to = (flags & PADDED) != 0 ? length - (payload[0] & 0xff) : length;
                        int take = Math.max(0, Math.min(to - from, bodyLimit - body.size()));
                        body.write(payload, from, take);
                        if ((flags & END_STREAM) != 0) {
                            return response(response, body, received);
                        }
                        if (body.size() >= bodyLimit && response != null) {
                            // enough of the page: cancel the rest, the connection stays usable
                            frame(RST_STREAM, 0, stream, new byte[] {0, 0, 0, 8});
                            c.out().flush();
                            return response(response, body, received);
                        }
                        if (length > 0) {
                            window(stream, length);
                        }
                    }
                }
                default -> {
                    // PRIORITY, PUSH_PROMISE (refused by our settings), WINDOW_UPDATE, unknown: nothing to do
                }
            }
        }
    }

    private Response response(Http2Headers h, ByteArrayOutputStream body, long received) throws Failed {
        if (h == null) {
            closed = true;
            throw new Failed("the server sent HTTP/2 data before its headers");
        }
        int status;
        try {
            status = Integer.parseInt(h.status().toString());
        } catch (NumberFormatException e) {
            throw new Failed("the server's HTTP/2 status is not a number");
        }
        List<Header> headers = new ArrayList<>(h.size());
        for (Map.Entry<CharSequence, CharSequence> e : h) {
            String name = e.getKey().toString();
            if (!name.startsWith(":")) {
                headers.add(new Header(name, e.getValue().toString()));
            }
        }
        return new Response(status, headers, body.toByteArray(), received, usable());
    }

    private Http2Headers decode(int stream, byte[] block) throws Failed {
        ByteBuf b = Unpooled.wrappedBuffer(block);
        try {
            return decoder.decodeHeaders(stream, b);
        } catch (Http2Exception e) {
            closed = true;
            throw new Failed("the server's HTTP/2 headers cannot be decoded");
        } finally {
            b.release();
        }
    }

    private void window(int stream, int increment) throws IOException {
        frame(WINDOW_UPDATE, 0, stream, new byte[] {(byte) (increment >>> 24), (byte) (increment >>> 16),
            (byte) (increment >>> 8), (byte) increment});
        c.out().flush();
    }

    private void frame(int type, int flags, int stream, byte[] bytes) throws IOException {
        OutputStream out = c.out();
        int n = bytes.length;
        out.write(new byte[] {(byte) (n >>> 16), (byte) (n >>> 8), (byte) n, (byte) type, (byte) flags,
            (byte) (stream >>> 24), (byte) (stream >>> 16), (byte) (stream >>> 8), (byte) stream});
        out.write(bytes);
    }
}
