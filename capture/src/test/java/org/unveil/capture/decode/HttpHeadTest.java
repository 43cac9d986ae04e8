package org.unveil.capture.decode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.unveil.capture.TestPackets.ascii;
import static org.unveil.capture.TestPackets.concat;

import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class HttpHeadTest {
    private final HttpHead http = new HttpHead();

    private boolean wrap(String payload) {
        return wrapAt(0, payload);
    }

    private boolean wrapAt(int at, String payload) {
        byte[] bytes = ascii(payload);
        return http.wrap(MemorySegment.ofArray(concat(new byte[at], bytes)), at, bytes.length);
    }

    @Test
    void requestLineAndHeadersAreRead() {
        String head = "GET /index.html?q=1 HTTP/1.1\r\n"
                + "Host: www.example.com\r\n"
                + "User-Agent: Mozilla/5.0 (X11; Linux x86_64)\r\n"
                + "Accept: */*\r\n"
                + "X-Forwarded-For: 203.0.113.7, 10.0.0.1\r\n"
                + "Forwarded: for=192.0.2.60;proto=http\r\n"
                + "Via: 1.1 proxy.example\r\n"
                + "Cookie: a=b\r\n"
                + "\r\n";
        assertThat(wrapAt(3, head)).isTrue();

        assertThat(http.isRequest()).isTrue();
        assertThat(http.isResponse()).isFalse();
        assertThat(http.isComplete()).isTrue();
        assertThat(http.method()).isEqualTo("GET");
        assertThat(http.uri()).isEqualTo("/index.html?q=1");
        assertThat(http.statusCode()).isEqualTo(-1);
        assertThat(http.value(HttpHeader.HOST)).isEqualTo("www.example.com");
        assertThat(http.value(HttpHeader.USER_AGENT)).isEqualTo("Mozilla/5.0 (X11; Linux x86_64)");
        assertThat(http.value(HttpHeader.X_FORWARDED_FOR)).isEqualTo("203.0.113.7, 10.0.0.1");
        assertThat(http.value(HttpHeader.FORWARDED)).isEqualTo("for=192.0.2.60;proto=http");
        assertThat(http.value(HttpHeader.VIA)).isEqualTo("1.1 proxy.example");
        assertThat(http.value(HttpHeader.COOKIE)).isEqualTo("a=b");
        assertThat(http.has(HttpHeader.SERVER)).isFalse();
        assertThat(http.value(HttpHeader.SERVER)).isNull();
        assertThat(http.valueOffset(HttpHeader.SERVER)).isEqualTo(-1);
        assertThat(http.valueLength(HttpHeader.SERVER)).isEqualTo(-1);
        // "Host: " begins after the 30-byte request line; the value 6 bytes into it
        assertThat(http.valueOffset(HttpHeader.HOST)).isEqualTo(3 + 30 + 6);
        assertThat(http.valueLength(HttpHeader.HOST)).isEqualTo(15);
    }

    @ParameterizedTest
    @ValueSource(strings = {"GET", "POST", "HEAD", "PUT", "DELETE", "OPTIONS", "CONNECT", "TRACE", "PATCH"})
    void everyMethodIsRecognised(String method) {
        assertThat(wrap(method + " /x HTTP/1.1\r\nHost: h\r\n\r\n")).isTrue();
        assertThat(http.isRequest()).isTrue();
        assertThat(http.method()).isEqualTo(method);
        assertThat(http.uri()).isEqualTo("/x");
        assertThat(http.value(HttpHeader.HOST)).isEqualTo("h");
    }

    @Test
    void connectTargetIsTheAuthority() {
        assertThat(wrap("CONNECT example.com:443 HTTP/1.1\r\n\r\n")).isTrue();
        assertThat(http.uri()).isEqualTo("example.com:443");
    }

    @ParameterizedTest
    @ValueSource(strings = {"get / HTTP/1.1\r\n\r\n", "GETS / HTTP/1.1\r\n\r\n", "GET/ HTTP/1.1\r\n\r\n",
        "SSH-2.0-OpenSSH_9.6\r\n", "\u0016\u0003\u0001\u0002\u0000\u0001\u0000\u0001\u00fc\u0003\u0003",
        "HTTP/2.0 200 OK\r\n\r\n", "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n", " GET / HTTP/1.1\r\n\r\n"})
    void otherPayloadsAreNotHttp(String payload) {
        assertThat(wrap(payload)).isFalse();
    }

    @Test
    void payloadsShorterThanEightBytesAreNotHttp() {
        assertThat(wrap("GET / \n")).isFalse();
        assertThat(wrap("GET / HT")).isTrue();
    }

    @Test
    void headerNamesMatchInAnyCase() {
        assertThat(wrap("GET / HTTP/1.1\r\nhOsT: a.example\r\nUSER-AGENT: curl/8.5.0\r\nx-forwarded-for: 1.2.3.4\r\n"
                + "\r\n")).isTrue();
        assertThat(http.value(HttpHeader.HOST)).isEqualTo("a.example");
        assertThat(http.value(HttpHeader.USER_AGENT)).isEqualTo("curl/8.5.0");
        assertThat(http.value(HttpHeader.X_FORWARDED_FOR)).isEqualTo("1.2.3.4");
    }

    @Test
    void blanksAroundValuesAreDroppedButInnerBlanksKept() {
        assertThat(wrap("GET / HTTP/1.1\r\nHost:b.example\r\nUser-Agent: \t  Some  Agent \t\r\nVia:   \r\n\r\n"))
                .isTrue();
        assertThat(http.value(HttpHeader.HOST)).isEqualTo("b.example");
        assertThat(http.value(HttpHeader.USER_AGENT)).isEqualTo("Some  Agent");
        assertThat(http.has(HttpHeader.VIA)).isTrue();
        assertThat(http.value(HttpHeader.VIA)).isEmpty();
        assertThat(http.valueLength(HttpHeader.VIA)).isZero();
    }

    @Test
    void valueKeepsColonsAfterTheFirst() {
        assertThat(wrap("GET / HTTP/1.1\r\nHost: [2001:db8::1]:8080\r\n\r\n")).isTrue();
        assertThat(http.value(HttpHeader.HOST)).isEqualTo("[2001:db8::1]:8080");
    }

    @Test
    void namesWithBlanksBeforeTheColonOrOtherNamesDoNotMatch() {
        assertThat(wrap("GET / HTTP/1.1\r\nHost : bad.example\r\nHostname: other\r\nX-Host: x\r\n\r\n")).isTrue();
        assertThat(http.has(HttpHeader.HOST)).isFalse();
    }

    @Test
    void firstOccurrenceOfAFieldWins() {
        assertThat(wrap("GET / HTTP/1.1\r\nHost: first\r\nHOST: second\r\n\r\n")).isTrue();
        assertThat(http.value(HttpHeader.HOST)).isEqualTo("first");
    }

    @Test
    void linesWithoutAColonAreSkipped() {
        assertThat(wrap("GET / HTTP/1.1\r\ngarbage line\r\nHost: ok\r\n\r\n")).isTrue();
        assertThat(http.value(HttpHeader.HOST)).isEqualTo("ok");
        assertThat(http.isComplete()).isTrue();
    }

    @Test
    void bareLineFeedsEndLines() {
        assertThat(wrap("POST /form HTTP/1.0\nHost: lf.example\nUser-Agent: tool\n\nbody=1")).isTrue();
        assertThat(http.method()).isEqualTo("POST");
        assertThat(http.uri()).isEqualTo("/form");
        assertThat(http.value(HttpHeader.HOST)).isEqualTo("lf.example");
        assertThat(http.value(HttpHeader.USER_AGENT)).isEqualTo("tool");
        assertThat(http.isComplete()).isTrue();
    }

    @Test
    void mixedLineEndsAreBothAccepted() {
        assertThat(wrap("GET / HTTP/1.1\nHost: mixed\r\nVia: v\n\r\n")).isTrue();
        assertThat(http.value(HttpHeader.HOST)).isEqualTo("mixed");
        assertThat(http.value(HttpHeader.VIA)).isEqualTo("v");
        assertThat(http.isComplete()).isTrue();
    }

    @Test
    void headersAfterTheEmptyLineAreBodyNotHeaders() {
        assertThat(wrap("GET / HTTP/1.1\r\nHost: head\r\n\r\nUser-Agent: body\r\n")).isTrue();
        assertThat(http.isComplete()).isTrue();
        assertThat(http.has(HttpHeader.USER_AGENT)).isFalse();
    }

    @Test
    void headCutMidValueKeepsWhatWasCaptured() {
        assertThat(wrap("GET / HTTP/1.1\r\nHost: cut.exa")).isTrue();
        assertThat(http.isComplete()).isFalse();
        assertThat(http.value(HttpHeader.HOST)).isEqualTo("cut.exa");
    }

    @Test
    void headCutMidNameHasNoSuchField() {
        assertThat(wrap("GET / HTTP/1.1\r\nHost: h\r\nUser-Ag")).isTrue();
        assertThat(http.isComplete()).isFalse();
        assertThat(http.value(HttpHeader.HOST)).isEqualTo("h");
        assertThat(http.has(HttpHeader.USER_AGENT)).isFalse();
    }

    @Test
    void headCutBetweenCarriageReturnAndLineFeedIsNotComplete() {
        assertThat(wrap("GET / HTTP/1.1\r\nHost: h\r")).isTrue();
        assertThat(http.value(HttpHeader.HOST)).isEqualTo("h");
        assertThat(http.isComplete()).isFalse();
    }

    @Test
    void headEndingAfterTheHeadersIsNotYetComplete() {
        assertThat(wrap("GET / HTTP/1.1\r\nHost: h\r\n")).isTrue();
        assertThat(http.isComplete()).isFalse();
        assertThat(http.value(HttpHeader.HOST)).isEqualTo("h");
    }

    @Test
    void requestLineCutShortIsStillHttpWithoutHeaders() {
        assertThat(wrap("GET /very/long/pa")).isTrue();
        assertThat(http.isRequest()).isTrue();
        assertThat(http.isComplete()).isFalse();
        assertThat(http.method()).isEqualTo("GET");
        assertThat(http.uri()).isEqualTo("/very/long/pa");
        assertThat(http.has(HttpHeader.HOST)).isFalse();
    }

    @Test
    void completeRequestLinesWithoutAnHttpVersionAreNotHttp() {
        // SIP and RTSP share the request-line shape; only the version tells them apart
        assertThat(wrap("OPTIONS sip:bob@example.org SIP/2.0\r\nUser-Agent: phone\r\n\r\n")).isFalse();
        assertThat(wrap("GET /old-style\r\n\r\n")).isFalse();
        assertThat(wrap("GET /old-style HTTP/1.0\r\n\r\n")).isTrue();
        assertThat(http.uri()).isEqualTo("/old-style");
        assertThat(http.isComplete()).isTrue();
    }

    @Test
    void responseStatusAndHeadersAreRead() {
        String head = "HTTP/1.1 404 Not Found\r\n"
                + "Server:  nginx/1.25.3 \r\n"
                + "Date: Mon, 01 Jan 2024 00:00:00 GMT\r\n"
                + "set-cookie: id=1; Path=/\r\n"
                + "\r\n<html>";
        assertThat(wrap(head)).isTrue();

        assertThat(http.isResponse()).isTrue();
        assertThat(http.isRequest()).isFalse();
        assertThat(http.isComplete()).isTrue();
        assertThat(http.statusCode()).isEqualTo(404);
        assertThat(http.method()).isNull();
        assertThat(http.uri()).isNull();
        assertThat(http.value(HttpHeader.SERVER)).isEqualTo("nginx/1.25.3");
        assertThat(http.value(HttpHeader.DATE)).isEqualTo("Mon, 01 Jan 2024 00:00:00 GMT");
        assertThat(http.value(HttpHeader.SET_COOKIE)).isEqualTo("id=1; Path=/");
    }

    @Test
    void http10ResponsesAreRecognised() {
        assertThat(wrap("HTTP/1.0 200 OK\n\n")).isTrue();
        assertThat(http.statusCode()).isEqualTo(200);
        assertThat(http.isComplete()).isTrue();
    }

    @Test
    void statusCodeThatIsNotThreeDigitsIsMinusOne() {
        assertThat(wrap("HTTP/1.1 2x0 Odd\r\n\r\n")).isTrue();
        assertThat(http.statusCode()).isEqualTo(-1);
    }

    @Test
    void responseCutBeforeTheStatusCodeHasNone() {
        assertThat(wrap("HTTP/1.1 20")).isTrue();
        assertThat(http.isResponse()).isTrue();
        assertThat(http.statusCode()).isEqualTo(-1);
        assertThat(http.isComplete()).isFalse();
    }

    @Test
    void responseCutRightAfterTheStatusCodeHasIt() {
        assertThat(wrap("HTTP/1.1 301")).isTrue();
        assertThat(http.statusCode()).isEqualTo(301);
    }

    @Test
    void rewrappingForgetsThePreviousHead() {
        assertThat(wrap("GET /a HTTP/1.1\r\nHost: one\r\nUser-Agent: ua\r\n\r\n")).isTrue();
        assertThat(wrap("HTTP/1.1 500 Oops\r\nServer: s\r\n")).isTrue();
        assertThat(http.has(HttpHeader.HOST)).isFalse();
        assertThat(http.has(HttpHeader.USER_AGENT)).isFalse();
        assertThat(http.isComplete()).isFalse();
        assertThat(http.uri()).isNull();
        assertThat(wrap("PUT /b HTTP/1.1\r\n\r\n")).isTrue();
        assertThat(http.statusCode()).isEqualTo(-1);
        assertThat(http.has(HttpHeader.SERVER)).isFalse();
        assertThat(http.method()).isEqualTo("PUT");
    }

    @Test
    void headerEnumCarriesTheCanonicalFieldNames() {
        assertThat(HttpHeader.HOST.fieldName()).isEqualTo("Host");
        assertThat(HttpHeader.USER_AGENT.fieldName()).isEqualTo("User-Agent");
        assertThat(HttpHeader.X_FORWARDED_FOR.fieldName()).isEqualTo("X-Forwarded-For");
        assertThat(HttpHeader.FORWARDED.fieldName()).isEqualTo("Forwarded");
        assertThat(HttpHeader.VIA.fieldName()).isEqualTo("Via");
        assertThat(HttpHeader.SERVER.fieldName()).isEqualTo("Server");
        assertThat(HttpHeader.SET_COOKIE.fieldName()).isEqualTo("Set-Cookie");
        assertThat(HttpHeader.COOKIE.fieldName()).isEqualTo("Cookie");
        assertThat(HttpHeader.DATE.fieldName()).isEqualTo("Date");
    }

    @Test
    void headerLinesReadAfterTheCompletenessShortcutAreThisPayloads() {
        assertThat(wrap("GET /a HTTP/1.1\r\nHost: a.example\r\nUser-Agent: first\r\n\r\n")).isTrue();
        assertThat(http.isComplete()).isTrue(); // from the last four bytes, before any header line is read
        assertThat(http.value(HttpHeader.USER_AGENT)).isEqualTo("first");
        assertThat(wrap("GET /b HTTP/1.1\r\nHost: b.example\r\n\r\n")).isTrue();
        assertThat(http.isComplete()).isTrue();
        assertThat(http.value(HttpHeader.HOST)).isEqualTo("b.example");
        assertThat(http.has(HttpHeader.USER_AGENT)).isFalse(); // nothing left of the previous head
        assertThat(wrap("GET /c HTTP/1.1\r\nHost: c.example\r\n")).isTrue();
        assertThat(http.isComplete()).isFalse();
        assertThat(wrap("GET /d HTTP/1.1\nHost: d.example\n\n")).isTrue();
        assertThat(http.isComplete()).isTrue(); // bare LFs: no shortcut, the header walk finds the empty line
    }

    private static final String[] NAMES = {"Host", "User-Agent", "X-Forwarded-For", "Forwarded", "Via", "Server",
        "Set-Cookie", "Cookie", "Date", "Accept", "X-Request-Id", "Hostname"};

    /**
     * Heads of random header lines cut at a random length: whether the head is complete, and every value, are
     * what the construction says, whichever question comes first (completeness from the last bytes, or the
     * header walk).
     */
    @Test
    void cutHeadsAnswerAsBuiltInEitherOrder() {
        Random random = new Random(7);
        for (int round = 0; round < 5_000; round++) {
            StringBuilder head = new StringBuilder(random.nextBoolean() ? "GET /x HTTP/1.1\r\n" : "HTTP/1.1 200 OK\r\n");
            Map<HttpHeader, String> values = new HashMap<>();
            List<int[]> valueEnds = new ArrayList<>(); // header ordinal, offset after the line's CRLF
            for (int line = random.nextInt(6); line > 0; line--) {
                String name = NAMES[random.nextInt(NAMES.length)];
                String value = "v" + random.nextInt(1_000_000) + (random.nextBoolean() ? " with words" : "");
                head.append(random.nextBoolean() ? name : name.toUpperCase(Locale.ROOT)).append(": ").append(value)
                        .append("\r\n");
                for (HttpHeader h : HttpHeader.values()) {
                    if (h.fieldName().equals(name) && !values.containsKey(h)) {
                        values.put(h, value);
                        valueEnds.add(new int[] {h.ordinal(), head.length()});
                    }
                }
            }
            int emptyLine = head.length();
            head.append("\r\n");
            if (random.nextBoolean()) {
                head.append("body bytes\r\n\r\n");
            }
            int cut = emptyLine + 2 + random.nextInt(head.length() - emptyLine - 1); // the head whole, a body cut
            if (random.nextInt(3) == 0) {
                cut = 18 + random.nextInt(emptyLine + 2 - 18 + 1); // or the head itself cut
            }
            String payload = head.substring(0, Math.min(cut, head.length()));
            boolean complete = payload.length() > emptyLine; // the empty line's CR suffices
            for (boolean completenessFirst : new boolean[] {true, false}) {
                assertThat(wrap(payload)).isTrue();
                if (completenessFirst) {
                    assertThat(http.isComplete()).as("round %d: %s", round, payload).isEqualTo(complete);
                }
                for (int[] end : valueEnds) {
                    HttpHeader h = HttpHeader.values()[end[0]];
                    if (end[1] <= payload.length()) {
                        assertThat(http.value(h)).as("round %d: %s", round, payload).isEqualTo(values.get(h));
                    }
                }
                for (HttpHeader h : HttpHeader.values()) {
                    if (!values.containsKey(h)) {
                        assertThat(http.has(h)).isFalse();
                    }
                }
                assertThat(http.isComplete()).as("round %d: %s", round, payload).isEqualTo(complete);
            }
        }
    }
}
