package org.unveil.proxy.http;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpRequestDecoder;
import io.netty.handler.codec.http.HttpRequestEncoder;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;

/**
 * One connection's client-to-server stream in HTTP mode: bytes in, filtered requests out. Netty's streaming
 * decoder parses each request head and Netty's encoder writes it again (the same bytes for headers that read
 * {@code Name: value}, less stripped headers); bodies, by Content-Length or chunked, pass as they came, their
 * framing followed here. The first refused or malformed request ends forwarding and leaves a response for the
 * client.
 *
 * <p>Fail-over: the filter can be rebuilt from a {@link Snapshot}, a point in the client's stream where its whole
 * state is a few numbers (between requests, or in a body with N bytes left, or at the start of a chunk-size line,
 * a chunk's CRLF or the trailer) — a head or line cut in the middle is read again from its start, so the caller
 * keeps the client's bytes from {@link Snapshot#raw()} on. Fed the same bytes, a rebuilt filter gives the same
 * output from {@link Snapshot#out()} on as the one it replaces: the output is a function of the input's prefix.
 */
public final class HttpFilter implements AutoCloseable {
    /** Where the parser stands in the client's stream. */
    public enum Phase {
        /** Between requests or in a request head. */
        HEAD,
        /** In a body with a Content-Length ({@code remaining} bytes left). */
        BODY,
        /** At a chunk-size line of a chunked body. */
        CHUNK_SIZE,
        /** In a chunk's data ({@code remaining} bytes left). */
        CHUNK_DATA,
        /** At the CRLF after a chunk's data. */
        CHUNK_END,
        /** At the trailer section after the last chunk. */
        TRAILER
    }

    /** No refusal in a snapshot; one of the head's time limit (the only refusal that refeeding does not repeat). */
    public static final int NOT_REFUSED = 0;
    public static final int REFUSED_SLOW_HEAD = 1;

    /**
     * A point the filter can be rebuilt at: the client's stream offset {@code raw} and the output offset
     * {@code out} there, the phase and its byte count, the requests passed, and a refusal by time.
     */
    public record Snapshot(long raw, long out, Phase phase, long remaining, int requests, int refusal) {
        /** A new connection's filter. */
        public static final Snapshot START = new Snapshot(0, 0, Phase.HEAD, 0, 0, NOT_REFUSED);
    }

    private static final int MAX_HEAD = 8192 + 16384 + 4;
    private static final int MAX_LINE = 4096;
    private static final int MAX_TRAILER = 16384;

    private final HttpRules rules;
    private EmbeddedChannel decoder;
    private final EmbeddedChannel encoder = new EmbeddedChannel(new HttpRequestEncoder());
    private final ArrayDeque<ByteBuf> output = new ArrayDeque<>();
    private Phase phase;
    private long remaining;
    private int requests;
    /** Client bytes taken so far, and output bytes made (counting those {@link #discard} dropped). */
    private long raw;
    private long out;
    /** Output bytes still to drop: a rebuilt filter's first bytes that the server already has. */
    private long discard;
    private Snapshot snapshot;
    /** A head being read: whether its first line began, the current line's length, the head's length. */
    private boolean headBegun;
    private int lineLength;
    private boolean lineHasText;
    private int headLength;
    private final ByteArrayOutputStream line = new ByteArrayOutputStream();
    /** Where the trailer's current line begins in {@link #line}. */
    private int trailerLineStart;
    private byte[] response;
    private String problem;

    public HttpFilter(HttpRules rules) {
        this(rules, Snapshot.START, 0);
    }

    /**
     * Rebuilds a filter at {@code at}; the first {@code discard} output bytes it makes are dropped (the server
     * already has them). Feed it the client's bytes from {@code at.raw()}.
     */
    public HttpFilter(HttpRules rules, Snapshot at, long discard) {
        this.rules = rules;
        this.phase = at.phase();
        this.remaining = at.remaining();
        this.requests = at.requests();
        this.raw = at.raw();
        this.out = at.out();
        this.discard = discard;
        this.snapshot = at;
        if (at.refusal() == REFUSED_SLOW_HEAD) {
            refuseSlowHead(rules);
        }
    }

    /**
     * Runs a filter once over a short stream (a head, a Content-Length body, a chunked one, a rebuild), so that a
     * proxy's first connection (or a standby's take-over) does not wait for Netty's classes to load and compile.
     */
    public static void warmUp(HttpRules rules) {
        byte[] stream = ("GET / HTTP/1.1\r\nHost: w\r\n\r\nPUT / HTTP/1.1\r\nContent-Length: 1\r\n\r\nx"
                + "POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n1\r\nx\r\n0\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII);
        try (HttpFilter first = new HttpFilter(rules)) {
            ByteBuf b = Unpooled.wrappedBuffer(stream);
            first.feed(b);
            b.release();
            try (HttpFilter again = new HttpFilter(rules, first.snapshot(), 0)) {
                while (first.nextOutput() != null) {
                    first.nextOutput().skipBytes(first.nextOutput().readableBytes());
                }
            }
        }
    }

    /** Takes bytes the client sent (the caller keeps ownership of {@code bytes}). */
    public void feed(ByteBuf bytes) {
        while (bytes.isReadable() && response == null) {
            switch (phase) {
                case HEAD -> head(bytes);
                case BODY, CHUNK_DATA -> body(bytes);
                case CHUNK_SIZE, CHUNK_END -> chunkLine(bytes);
                case TRAILER -> trailer(bytes);
            }
        }
    }

    /** Finds where the head ends (as Netty reads it: leading controls skipped, then lines to an empty one). */
    private void head(ByteBuf bytes) {
        int start = bytes.readerIndex();
        int end = bytes.writerIndex();
        int i = start;
        boolean complete = false;
        for (; i < end; i++) {
            byte b = bytes.getByte(i);
            if (!headBegun) {
                if (Character.isISOControl(b & 0xff) || Character.isWhitespace(b & 0xff)) {
                    continue;
                }
                headBegun = true;
            }
            headLength++;
            if (b == '\n') {
                boolean empty = !lineHasText;
                boolean first = headLength == lineLength + 1;
                lineLength = 0;
                lineHasText = false;
                if (empty && !first) {
                    i++;
                    complete = true;
                    break;
                }
            } else {
                lineLength++;
                if (b != '\r') {
                    lineHasText = true;
                }
            }
        }
        int n = i - start;
        raw += n;
        if (decoder == null) {
            decoder = new EmbeddedChannel(new HttpRequestDecoder(8192, 16384, 65536));
        }
        decoder.writeInbound(bytes.retainedSlice(start, n));
        bytes.skipBytes(n);
        HttpRequest request = null;
        for (Object message; (message = decoder.readInbound()) != null;) {
            try {
                if (response == null && ((HttpObject) message).decoderResult().isFailure()) {
                    refuse(400, "malformed request: " + plain(((HttpObject) message).decoderResult().cause()));
                } else if (request == null && message instanceof HttpRequest r) {
                    request = r;
                }
            } finally {
                ReferenceCountUtil.release(message);
            }
        }
        if (response != null) {
            return;
        }
        if (!complete) {
            if (headLength > MAX_HEAD) {
                refuse(400, "malformed request: a head longer than " + MAX_HEAD + " bytes");
            }
            return;
        }
        endHead();
        if (request == null) {
            refuse(400, "malformed request: cannot be parsed");
            return;
        }
        String why = rules.refusal(request.method().name(), request.uri());
        if (why != null) {
            refuse(rules.refusalStatus(), why);
            return;
        }
        // the framing as the client sent it, before any header is stripped
        boolean chunked = HttpUtil.isTransferEncodingChunked(request);
        long length;
        try {
            length = chunked ? -1 : HttpUtil.getContentLength(request, 0L);
        } catch (NumberFormatException e) {
            refuse(400, "malformed request: a Content-Length that is not a number");
            return;
        }
        for (String header : rules.strippedHeaders()) {
            request.headers().remove(header);
        }
        encoder.writeOutbound(request);
        for (ByteBuf b; (b = encoder.readOutbound()) != null;) {
            emit(b);
        }
        // the encoder is left in its body state: an empty last content resets it; its bytes are not ours
        encoder.writeOutbound(LastHttpContent.EMPTY_LAST_CONTENT);
        for (ByteBuf b; (b = encoder.readOutbound()) != null;) {
            b.release();
        }
        if (chunked) {
            phase = Phase.CHUNK_SIZE;
        } else if (length > 0) {
            phase = Phase.BODY;
            remaining = length;
        } else {
            requests++;
        }
        mark();
    }

    private void endHead() {
        decoder.finishAndReleaseAll();
        decoder = null;
        headBegun = false;
        lineLength = 0;
        lineHasText = false;
        headLength = 0;
    }

    private void body(ByteBuf bytes) {
        int n = (int) Math.min(remaining, bytes.readableBytes());
        emit(bytes.readRetainedSlice(n));
        raw += n;
        remaining -= n;
        if (remaining == 0) {
            if (phase == Phase.BODY) {
                phase = Phase.HEAD;
                requests++;
            } else {
                phase = Phase.CHUNK_END;
            }
        }
        mark();
    }

    /** A chunk-size line or the CRLF after a chunk, passed once whole. */
    private void chunkLine(ByteBuf bytes) {
        if (!takeLine(bytes, MAX_LINE)) {
            return;
        }
        byte[] whole = line.toByteArray();
        line.reset();
        if (phase == Phase.CHUNK_END) {
            emit(Unpooled.wrappedBuffer(whole));
            phase = Phase.CHUNK_SIZE;
            mark();
            return;
        }
        long size = chunkSize(whole);
        if (size < 0) {
            refuse(400, "malformed request: a chunk size that is not a hexadecimal number");
            return;
        }
        emit(Unpooled.wrappedBuffer(whole));
        if (size == 0) {
            phase = Phase.TRAILER;
            trailerLineStart = 0;
        } else {
            phase = Phase.CHUNK_DATA;
            remaining = size;
        }
        mark();
    }

    /** Collects bytes up to and with the next LF into {@link #line}; true once it has one. */
    private boolean takeLine(ByteBuf bytes, int limit) {
        int at = bytes.indexOf(bytes.readerIndex(), bytes.writerIndex(), (byte) '\n');
        int n = at < 0 ? bytes.readableBytes() : at - bytes.readerIndex() + 1;
        byte[] piece = new byte[n];
        bytes.readBytes(piece);
        line.writeBytes(piece);
        raw += n;
        if (line.size() > limit) {
            refuse(400, "malformed request: a chunked body's line longer than " + limit + " bytes");
            return false;
        }
        return at >= 0;
    }

    /** The size a chunk-size line gives (extensions after ';' ignored, as Netty does), or -1. */
    private static long chunkSize(byte[] line) {
        long size = 0;
        int digits = 0;
        for (byte b : line) {
            int d = Character.digit(b, 16);
            if (d < 0) {
                if (b == ';' || b == '\r' || b == '\n' || b == ' ' || b == '\t') {
                    break;
                }
                return -1;
            }
            if (++digits > 15) {
                return -1;
            }
            size = size * 16 + d;
        }
        return digits == 0 ? -1 : size;
    }

    /** The trailer section (lines to an empty one), passed once whole: it ends the request. */
    private void trailer(ByteBuf bytes) {
        while (bytes.isReadable()) {
            if (!takeLine(bytes, MAX_TRAILER)) {
                return;
            }
            byte[] all = line.toByteArray();
            boolean empty = true;
            for (int i = trailerLineStart; i < all.length; i++) {
                if (all[i] != '\r' && all[i] != '\n') {
                    empty = false;
                }
            }
            if (empty) {
                line.reset();
                emit(Unpooled.wrappedBuffer(all));
                phase = Phase.HEAD;
                requests++;
                mark();
                return;
            }
            trailerLineStart = all.length;
        }
    }

    /** A point the filter can be rebuilt at: here. */
    private void mark() {
        snapshot = new Snapshot(raw, out, phase, remaining, requests, NOT_REFUSED);
    }

    private void emit(ByteBuf b) {
        long n = b.readableBytes();
        out += n;
        if (discard > 0) {
            int drop = (int) Math.min(discard, n);
            b.skipBytes(drop);
            discard -= drop;
        }
        if (b.isReadable()) {
            output.add(b);
        } else {
            b.release();
        }
    }

    private static String plain(Throwable cause) {
        String text = cause == null ? null : cause.getMessage();
        return text == null || text.isBlank() ? "cannot be parsed" : text;
    }

    /** Ends forwarding with a response for the client: a refusal, a malformed request or a head too slow. */
    public void refuse(int status, String why) {
        if (response != null) {
            return;
        }
        problem = why;
        String reason = HttpResponseStatus.valueOf(status).reasonPhrase();
        byte[] body = ("refused by the proxy: " + why + "\n").getBytes(StandardCharsets.UTF_8);
        String head = "HTTP/1.1 " + status + " " + reason + "\r\nContent-Type: text/plain; charset=utf-8\r\n"
                + "Content-Length: " + body.length + "\r\nConnection: close\r\n\r\n";
        byte[] headBytes = head.getBytes(StandardCharsets.US_ASCII);
        response = new byte[headBytes.length + body.length];
        System.arraycopy(headBytes, 0, response, 0, headBytes.length);
        System.arraycopy(body, 0, response, headBytes.length, body.length);
    }

    /** Refuses a head that did not complete within the rules' time (remembered by the snapshot). */
    public void refuseSlowHead() {
        if (response == null) {
            refuseSlowHead(rules);
        }
    }

    private void refuseSlowHead(HttpRules rules) {
        refuse(408, "request head not complete within " + rules.headTimeout().toSeconds() + " s");
        snapshot = new Snapshot(snapshot.raw(), snapshot.out(), snapshot.phase(), snapshot.remaining(),
                snapshot.requests(), REFUSED_SLOW_HEAD);
    }

    /** The newest point the filter can be rebuilt at (its output before {@code out()} is all made). */
    public Snapshot snapshot() {
        return snapshot;
    }

    /** Filtered bytes waiting for the server, first in line; null when none. */
    public ByteBuf nextOutput() {
        ByteBuf head = output.peek();
        while (head != null && !head.isReadable()) {
            output.poll().release();
            head = output.peek();
        }
        return head;
    }

    /** Whether the client is between requests or has not finished a request head. */
    public boolean inHead() {
        return phase == Phase.HEAD;
    }

    /** Whether a request head has begun and not ended (for the head's time limit). */
    public boolean headBegun() {
        return phase == Phase.HEAD && headBegun;
    }

    /** Requests passed whole so far. */
    public int requests() {
        return requests;
    }

    /** The response owed to the client once forwarding ended, or null while requests still pass. */
    public byte[] response() {
        return response;
    }

    /** Why forwarding ended, in plain words, or null. */
    public String problem() {
        return problem;
    }

    @Override
    public void close() {
        for (ByteBuf b; (b = output.poll()) != null;) {
            b.release();
        }
        if (decoder != null) {
            decoder.finishAndReleaseAll();
        }
        encoder.finishAndReleaseAll();
    }
}
