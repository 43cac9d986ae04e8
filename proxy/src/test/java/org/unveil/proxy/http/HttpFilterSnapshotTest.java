package org.unveil.proxy.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.SplittableRandom;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * A filter rebuilt from a snapshot at any byte of a keep-alive stream (heads, Content-Length and chunked bodies,
 * trailers, a refused request last), fed the client's bytes again from the snapshot's offset, gives exactly the
 * output the uninterrupted filter gives from where the server's copy ends: no byte lost or repeated. The expected
 * output is written out by hand here (the requests less the stripped header), not taken from the filter.
 */
class HttpFilterSnapshotTest {
    private static final HttpRules RULES = new HttpRules(Set.of("DELETE"), List.of("/admin"), Set.of("X-Secret"),
            403, Duration.ofSeconds(5));

    private static final String ALLOWED = "GET /a HTTP/1.1\r\nHost: h\r\n\r\n"
            + "PUT /up HTTP/1.1\r\nHost: h\r\nContent-Length: 23\r\n\r\n0123456789abcdefghijklm"
            + "\r\nPOST /c HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n"
            + "5\r\nhello\r\n1a;ext=1\r\nabcdefghijklmnopqrstuvwxyz\r\n0\r\nX-Check: 1\r\n\r\n"
            + "POST /d HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nxyz\r\n0\r\n\r\n"
            + "GET /e HTTP/1.1\r\nHost: h\r\n\r\n";
    private static final String SECRET_IN = "GET /s HTTP/1.1\r\nHost: h\r\nX-Secret: 42\r\n\r\n";
    private static final String SECRET_OUT = "GET /s HTTP/1.1\r\nHost: h\r\n\r\n";
    private static final String REFUSED = "DELETE /x HTTP/1.1\r\nHost: h\r\n\r\nGET /never HTTP/1.1\r\n\r\n";
    private static final byte[] INPUT = (ALLOWED + SECRET_IN + REFUSED).getBytes(StandardCharsets.ISO_8859_1);
    /** The empty line a client may send between requests (RFC 9112 §2.2) is read past, as Netty does. */
    private static final String EXPECTED = ALLOWED.replace("klm\r\nPOST", "klmPOST") + SECRET_OUT;

    /** Feeds {@code input[from, to)} in pieces of {@code piece} bytes, appending the output to {@code out}. */
    private static void feed(HttpFilter filter, int from, int to, int piece, ByteArrayOutputStream out) {
        for (int i = from; i < to; i += piece) {
            ByteBuf b = Unpooled.wrappedBuffer(INPUT, i, Math.min(piece, to - i));
            filter.feed(b);
            b.release();
            drain(filter, out);
        }
    }

    private static void drain(HttpFilter filter, ByteArrayOutputStream out) {
        for (ByteBuf b; (b = filter.nextOutput()) != null;) {
            byte[] chunk = new byte[b.readableBytes()];
            b.readBytes(chunk);
            out.writeBytes(chunk);
        }
    }

    @Test
    void theUninterruptedFilterPassesBodiesAsTheyCameAndRefusesTheLastRequest() {
        for (int piece : new int[] {1, 2, 7, 64, INPUT.length}) {
            try (HttpFilter filter = new HttpFilter(RULES)) {
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                feed(filter, 0, INPUT.length, piece, out);
                assertThat(out.toString(StandardCharsets.ISO_8859_1)).isEqualTo(EXPECTED);
                assertThat(filter.requests()).isEqualTo(6);
                assertThat(new String(filter.response(), StandardCharsets.UTF_8)).startsWith("HTTP/1.1 403 Forbidden\r\n")
                        .endsWith("refused by the proxy: method DELETE is refused\n");
            }
        }
    }

    @Test
    void aFilterRebuiltAtEveryByteGivesTheSameStream() {
        SplittableRandom random = new SplittableRandom(19);
        int checked = 0;
        for (int cut = 0; cut <= INPUT.length; cut++) {
            for (int piece : new int[] {1, 5, 300}) {
                ByteArrayOutputStream before = new ByteArrayOutputStream();
                HttpFilter.Snapshot at;
                byte[] firstResponse;
                try (HttpFilter first = new HttpFilter(RULES)) {
                    feed(first, 0, cut, piece, before);
                    at = first.snapshot();
                    firstResponse = first.response();
                }
                // the server's socket has some prefix of what the dead filter made, at least up to the snapshot
                long made = before.size();
                assertThat(at.out()).isLessThanOrEqualTo(made);
                assertThat(at.raw()).isLessThanOrEqualTo(cut);
                long serverHas = at.out() + (made == at.out() ? 0 : random.nextLong(made - at.out() + 1));
                ByteArrayOutputStream after = new ByteArrayOutputStream();
                try (HttpFilter rebuilt = new HttpFilter(RULES, at, serverHas - at.out())) {
                    feed(rebuilt, (int) at.raw(), INPUT.length, piece, after);
                    String whole = new String(before.toByteArray(), 0, (int) serverHas, StandardCharsets.ISO_8859_1)
                            + after.toString(StandardCharsets.ISO_8859_1);
                    assertThat(whole).as("cut at %d in pieces of %d", cut, piece).isEqualTo(EXPECTED);
                    assertThat(rebuilt.response()).isNotNull();
                    if (firstResponse != null) {
                        assertThat(rebuilt.response()).isEqualTo(firstResponse);
                    }
                }
                checked++;
            }
        }
        assertThat(checked).isEqualTo(3 * (INPUT.length + 1));
    }

    @Test
    void aSlowHeadRefusalSurvivesTheRebuild() {
        try (HttpFilter first = new HttpFilter(RULES)) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            feed(first, 0, 40, 40, out); // the first request and the start of the second head
            first.refuseSlowHead();
            HttpFilter.Snapshot at = first.snapshot();
            assertThat(at.refusal()).isEqualTo(HttpFilter.REFUSED_SLOW_HEAD);
            try (HttpFilter rebuilt = new HttpFilter(RULES, at, out.size() - at.out())) {
                assertThat(rebuilt.response()).isEqualTo(first.response());
                assertThat(new String(rebuilt.response(), StandardCharsets.UTF_8)).startsWith("HTTP/1.1 408 ");
            }
        }
    }

    @Test
    void aBadChunkSizeIsRefusedWith400() {
        byte[] bad = "POST /c HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n".getBytes(StandardCharsets.ISO_8859_1);
        try (HttpFilter filter = new HttpFilter(RULES)) {
            ByteBuf b = Unpooled.wrappedBuffer(bad);
            filter.feed(b);
            b.release();
            assertThat(new String(filter.response(), StandardCharsets.UTF_8)).startsWith("HTTP/1.1 400 ");
            assertThat(filter.problem()).contains("chunk size");
        }
    }
}
