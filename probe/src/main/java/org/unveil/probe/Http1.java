package org.unveil.probe;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseDecoder;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.unveil.probe.evidence.Header;

/**
 * One HTTP/1.1 GET on a connection, the response parsed by Netty's decoder (chunked, lengths, informational
 * answers skipped), headers in the order the server sent them. Netty runs here as a parser on bytes we read
 * ourselves: no event loop.
 */
final class Http1 {
    private Http1() {
    }

    static Response get(Connection c, String path, String host, String cookies, boolean keepAlive, int bodyLimit,
                        long deadlineNanos) throws IOException {
        String request = "GET " + path + " HTTP/1.1\r\nHost: " + host + "\r\nUser-Agent: " + Fetcher.USER_AGENT
                + "\r\nAccept: */*\r\n" + (cookies == null ? "" : "Cookie: " + cookies + "\r\n")
                + (keepAlive ? "" : "Connection: close\r\n") + "\r\n";
        c.out().write(request.getBytes(StandardCharsets.ISO_8859_1));
        c.out().flush();
        EmbeddedChannel decoder = new EmbeddedChannel(new HttpResponseDecoder(8192, 64 * 1024, 8192));
        try {
            return read(c, decoder, keepAlive, bodyLimit, deadlineNanos);
        } finally {
            decoder.finishAndReleaseAll();
        }
    }

    private static Response read(Connection c, EmbeddedChannel decoder, boolean keepAlive, int bodyLimit,
                                 long deadlineNanos) throws IOException {
        byte[] buf = new byte[16 * 1024];
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        HttpResponse head = null;
        long received = 0;
        boolean informational = false;
        while (true) {
            int n = c.read(buf, 0, buf.length, deadlineNanos);
            if (n < 0) {
                decoder.finish(); // a body that runs to the end of the stream ends here
            } else {
                decoder.writeInbound(Unpooled.copiedBuffer(buf, 0, n));
            }
            boolean last = false;
            for (Object o; (o = decoder.readInbound()) != null; ) {
                try {
                    if (o instanceof HttpResponse r) {
                        if (r.decoderResult().isFailure()) {
                            throw new Failed("the answer is not HTTP/1.1");
                        }
                        // 1xx heads come before the real one and have no body
                        informational = r.status().code() < 200;
                        if (!informational) {
                            head = r;
                            received = Fetcher.now();
                        }
                    }
                    if (o instanceof HttpContent part && head != null && !informational) {
                        ByteBuf content = part.content();
                        int take = Math.min(content.readableBytes(), bodyLimit - body.size());
                        if (take > 0) {
                            byte[] bytes = new byte[take];
                            content.readBytes(bytes);
                            body.write(bytes);
                        }
                        last |= o instanceof LastHttpContent;
                    }
                } finally {
                    ReferenceCountUtil.release(o);
                }
            }
            boolean complete = last || n < 0;
            if (head != null && (complete || (!keepAlive && body.size() >= bodyLimit))) {
                // without keep-alive the rest of a long page is not worth reading: the connection is closed
                return new Response(head.status().code(), headers(head), body.toByteArray(), received,
                        last && keepAlive && HttpUtil.isKeepAlive(head));
            }
            if (n < 0) {
                throw new Failed("the server closed the connection before answering");
            }
        }
    }

    private static List<Header> headers(HttpResponse head) {
        List<Header> out = new ArrayList<>(head.headers().size());
        for (var it = head.headers().iteratorAsString(); it.hasNext(); ) {
            Map.Entry<String, String> h = it.next();
            out.add(new Header(h.getKey(), h.getValue()));
        }
        return out;
    }
}
