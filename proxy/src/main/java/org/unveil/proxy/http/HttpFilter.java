package org.unveil.proxy.http;

import io.netty.buffer.ByteBuf;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpRequestDecoder;
import io.netty.handler.codec.http.HttpRequestEncoder;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.LastHttpContent;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;

/**
 * One connection's client-to-server stream in HTTP mode: bytes in, filtered requests out. Netty's streaming
 * decoder finds the requests; allowed ones are written again by Netty's encoder, which gives the same bytes
 * for a request whose headers read {@code Name: value} (chunked bodies are re-chunked); the first refused or
 * malformed request ends forwarding and leaves a response for the client.
 */
public final class HttpFilter implements AutoCloseable {
    private final HttpRules rules;
    private final EmbeddedChannel decoder = new EmbeddedChannel(new HttpRequestDecoder(8192, 16384, 65536));
    private final EmbeddedChannel encoder = new EmbeddedChannel(new HttpRequestEncoder());
    private final ArrayDeque<ByteBuf> output = new ArrayDeque<>();
    private boolean inHead = true;
    private boolean dropping;
    private byte[] response;
    private String problem;

    public HttpFilter(HttpRules rules) {
        this.rules = rules;
    }

    /** Takes bytes the client sent (the caller keeps ownership of {@code bytes}). */
    public void feed(ByteBuf bytes) {
        if (response != null) {
            return;
        }
        decoder.writeInbound(bytes.retain());
        for (Object message; (message = decoder.readInbound()) != null;) {
            handle((HttpObject) message);
        }
    }

    private void handle(HttpObject message) {
        try {
            if (response != null) {
                return;
            }
            if (message.decoderResult().isFailure()) {
                refuse(400, "malformed request: " + plain(message.decoderResult().cause()));
                return;
            }
            if (message instanceof HttpRequest request) {
                inHead = false;
                String why = rules.refusal(request.method().name(), request.uri());
                if (why != null) {
                    refuse(rules.refusalStatus(), why);
                    return;
                }
                for (String header : rules.strippedHeaders()) {
                    request.headers().remove(header);
                }
                encode(message);
            } else if (message instanceof HttpContent content) {
                if (!dropping) {
                    encode(content.retain());
                }
                if (content instanceof LastHttpContent) {
                    inHead = true;
                }
            }
        } finally {
            if (message instanceof HttpContent content) {
                content.release();
            }
        }
    }

    private static String plain(Throwable cause) {
        String text = cause == null ? null : cause.getMessage();
        return text == null || text.isBlank() ? "cannot be parsed" : text;
    }

    private void encode(Object message) {
        encoder.writeOutbound(message);
        for (ByteBuf out; (out = encoder.readOutbound()) != null;) {
            output.add(out);
        }
    }

    /** Ends forwarding with a response for the client: a refusal, a malformed request or a head too slow. */
    public void refuse(int status, String why) {
        if (response != null) {
            return;
        }
        dropping = true;
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
        return inHead;
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
        decoder.finishAndReleaseAll();
        encoder.finishAndReleaseAll();
    }
}
