package org.unveil.proxy.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class HttpFilterTest {
    private static final HttpRules RULES = new HttpRules(Set.of("DELETE"), List.of("/admin"), Set.of("X-Secret"),
            403, Duration.ofSeconds(5));

    private static String run(HttpFilter filter, String input, int pieceSize) {
        byte[] bytes = input.getBytes(StandardCharsets.ISO_8859_1);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < bytes.length; i += pieceSize) {
            ByteBuf piece = Unpooled.wrappedBuffer(bytes, i, Math.min(pieceSize, bytes.length - i));
            filter.feed(piece);
            piece.release();
            for (ByteBuf b; (b = filter.nextOutput()) != null;) {
                byte[] chunk = new byte[b.readableBytes()];
                b.readBytes(chunk);
                out.writeBytes(chunk);
            }
        }
        return out.toString(StandardCharsets.ISO_8859_1);
    }

    @Test
    void allowedRequestsPassByteIdenticalInAnyPieces() {
        String requests = "GET /a HTTP/1.1\r\nHost: example\r\nUser-Agent: t\r\n\r\n"
                + "POST /b HTTP/1.1\r\nHost: example\r\nContent-Length: 5\r\n\r\nhello";
        for (int piece : new int[] {1, 3, 17, 4096}) {
            try (HttpFilter filter = new HttpFilter(RULES)) {
                assertThat(run(filter, requests, piece)).isEqualTo(requests);
                assertThat(filter.response()).isNull();
                assertThat(filter.inHead()).isTrue();
            }
        }
    }

    @Test
    void strippedHeadersAreRemovedAndNothingElseChanges() {
        try (HttpFilter filter = new HttpFilter(RULES)) {
            String out = run(filter, "GET / HTTP/1.1\r\nHost: h\r\nX-Secret: 1\r\nAccept: */*\r\n\r\n", 7);
            assertThat(out).isEqualTo("GET / HTTP/1.1\r\nHost: h\r\nAccept: */*\r\n\r\n");
        }
    }

    @Test
    void refusedMethodOrUriEndsForwardingWithTheConfiguredStatus() {
        for (String request : List.of("DELETE /x HTTP/1.1\r\nHost: h\r\n\r\n", "GET /admin/users HTTP/1.1\r\nHost: h\r\n\r\n")) {
            try (HttpFilter filter = new HttpFilter(RULES)) {
                String out = run(filter, "GET /ok HTTP/1.1\r\nHost: h\r\n\r\n" + request
                        + "GET /after HTTP/1.1\r\nHost: h\r\n\r\n", 5);
                assertThat(out).isEqualTo("GET /ok HTTP/1.1\r\nHost: h\r\n\r\n");
                String response = new String(filter.response(), StandardCharsets.UTF_8);
                assertThat(response).startsWith("HTTP/1.1 403 Forbidden\r\n").contains("Connection: close");
                int length = Integer.parseInt(response.replaceAll("(?s).*Content-Length: (\\d+).*", "$1"));
                assertThat(response.substring(response.indexOf("\r\n\r\n") + 4).getBytes(StandardCharsets.UTF_8))
                        .hasSize(length);
            }
        }
    }

    @Test
    void malformedRequestGets400() {
        try (HttpFilter filter = new HttpFilter(RULES)) {
            run(filter, "GET / HTTP/1.1\r\nHost: h\r\nContent-Length: banana\r\n\r\n", 64);
            assertThat(new String(filter.response(), StandardCharsets.UTF_8)).startsWith("HTTP/1.1 400 ");
            assertThat(filter.problem()).startsWith("malformed request");
        }
    }
}
