package org.unveil.trace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TraceQueryTest {
    private static final int PAYLOAD = 64 * 1024;
    /** A hang guard, not a benchmark: a backtracking engine takes minutes or overflows its stack here. */
    private static final Duration GUARD = Duration.ofSeconds(20);

    private static String find(TraceQuery query, String text) {
        byte[] bytes = text.getBytes(StandardCharsets.ISO_8859_1);
        return query.find(new PayloadText().wrap(MemorySegment.ofArray(bytes), 0, bytes.length));
    }

    /** {@code unit} repeated to fill a 64 KiB payload, then {@code tail}. */
    private static String filled(String unit, String tail) {
        StringBuilder out = new StringBuilder(PAYLOAD);
        while (out.length() + unit.length() + tail.length() <= PAYLOAD) {
            out.append(unit);
        }
        return out.append(tail).toString();
    }

    @ParameterizedTest(name = "{0} over 64 KiB of {1}")
    @CsvSource(delimiter = ';', value = {
        "(\\w|-)+@example\\.com ; a-b- ; !   ; x@example.com",
        "((a*)*)*b              ; a    ; !   ; b",
        "(a+a+)+b               ; a    ; !   ; b",
        "(a|aa)+c               ; a    ; !   ; c",
        "(a|a?)+c               ; a    ; !   ; c",
        "(?:a|b|ab)*c           ; ab   ; !   ; c",
        "^(\\w+\\s?)*$          ; ab   ; !   ; ''",
        "(x+x+)+y               ; x    ; xz  ; y",
        "(.*a){20}z             ; a    ; !   ; z",
    })
    void catastrophicPatternsAnswerInBoundedTimeOverALargePayload(String regex, String unit, String missTail,
            String hitTail) {
        TraceQuery query = TraceQuery.payload(regex);
        String miss = filled(unit, missTail);
        String hit = filled(unit, hitTail);
        assertTimeoutPreemptively(GUARD, () -> {
            assertThat(find(query, miss)).isNull();
            assertThat(find(query, hit)).isNotNull().endsWith(hitTail);
        });
    }

    @Test
    void aCatastrophicHeaderRegexOverALongHeaderLineAnswersInBoundedTime() {
        TraceQuery query = TraceQuery.header("X-Data: (a+)+b");
        String head = "GET / HTTP/1.1\r\nX-Data: " + "a".repeat(PAYLOAD) + "\r\nHost: b\r\n\r\n";
        assertTimeoutPreemptively(GUARD, () -> assertThat(find(query, head)).isNull());
    }

    @Test
    void aSyntaxErrorIsPositionedInTheUsersRegex() {
        assertThatThrownBy(() -> TraceQuery.payload("a(b")).hasMessage(
                "--payload: the regex 'a(b' does not compile: missing closing ) at position 2");
        assertThatThrownBy(() -> TraceQuery.payload("(a(b)")).hasMessage(
                "--payload: the regex '(a(b)' does not compile: missing closing ) at position 1");
        assertThatThrownBy(() -> TraceQuery.payload("ab)")).hasMessage(
                "--payload: the regex 'ab)' does not compile: unexpected ) at position 3");
        // the first \q is the escaped backslash and a plain q: the error is the second
        assertThatThrownBy(() -> TraceQuery.payload("\\\\q\\q")).hasMessage(
                "--payload: the regex '\\\\q\\q' does not compile: invalid escape sequence '\\q' at position 4");
        assertThatThrownBy(() -> TraceQuery.payload("z-a[z-a]")).hasMessage(
                "--payload: the regex 'z-a[z-a]' does not compile: invalid character class range 'z-a' at position 5");
        assertThatThrownBy(() -> TraceQuery.payload("x[b")).hasMessage(
                "--payload: the regex 'x[b' does not compile: missing closing ] '[b' at position 2");
        assertThatThrownBy(() -> TraceQuery.payload("ab\\")).hasMessage(
                "--payload: the regex 'ab\\' does not compile: trailing backslash at position 3");
    }

    @Test
    void aHeaderRegexErrorIsPositionedInTheRegexNotInTheWrapperPattern() {
        assertThatThrownBy(() -> TraceQuery.header("Host: x**")).hasMessage(
                "--header: the regex 'x**' does not compile: invalid nested repetition operator '**' at position 2");
    }

    @Test
    void aStrayParenthesisCannotPairWithTheWrapperPattern() {
        // wrapped in "(?:" + regex + ")", 'a)(b' would balance and silently mean something else
        assertThatThrownBy(() -> TraceQuery.header("Host: a)(b")).hasMessage(
                "--header: the regex 'a)(b' does not compile: unexpected ) at position 2");
    }

    @Test
    void headerNamesMatchInAnyCaseAndValuesKeepTheirCase() {
        String head = "GET / HTTP/1.1\r\nuser-AGENT: Curl/8\r\nHost: shop\r\n\r\n";
        assertThat(find(TraceQuery.header("User-Agent: Curl/\\d"), head)).isEqualTo("user-AGENT: Curl/8");
        assertThat(find(TraceQuery.header("User-Agent: curl"), head)).isNull();
        assertThat(find(TraceQuery.header("User-Agent: (?i)curl"), head)).isEqualTo("user-AGENT: Curl/8");
    }

    @Test
    void aHeaderNameIsTakenLiterally() {
        String head = "GET / HTTP/1.1\r\nXzY: 1\r\nX.Y: 2\r\n\r\n";
        assertThat(find(TraceQuery.header("X.Y: \\d"), head)).isEqualTo("X.Y: 2");
    }

    @Test
    void dollarStillMatchesAtTheEndOfACrlfLine() {
        String head = "GET / HTTP/1.1\r\nHost: shop.example\r\nAccept: */*\r\n\r\n";
        assertThat(find(TraceQuery.header("Host: example$"), head)).isEqualTo("Host: shop.example");
        assertThat(find(TraceQuery.header("Host: shop$"), head)).isNull();
        assertThat(find(TraceQuery.payload("(?m)^Accept: .*$"), head)).isEqualTo("Accept: */*");
        assertThat(find(TraceQuery.payload("[$]|\\$|\\Q$\\E"), head)).isNull();
        assertThat(find(TraceQuery.payload("[$]|\\$|\\Q$\\E"), "price: 5$")).isEqualTo("price: 5$");
    }

    @Test
    void aDotMatchingTheCrOfACrlfDoesNotLeaveItInTheMatchedLine() {
        String head = "GET / HTTP/1.1\r\nHost: shop\r\n\r\n";
        assertThat(find(TraceQuery.payload("Host: .*"), head)).isEqualTo("Host: shop");
    }

    @Test
    void anOpenQuoteInAHeaderRegexDoesNotSwallowTheWrapperPattern() {
        String head = "GET / HTTP/1.1\r\nHost: a.b\r\n\r\n";
        assertThat(find(TraceQuery.header("Host: \\Qa.b"), head)).isEqualTo("Host: a.b");
        assertThat(find(TraceQuery.header("Host: \\Qa.c"), head)).isNull();
    }

    @ParameterizedTest
    @CsvSource({"1.2.3", "1.2.3.256", "1.2.3.4.5", "1", "::g", "1:2:3:4:5:6:7:8:9", "fe80::1%1", "[1.2.3]", "''"})
    void somethingThatIsNoAddressIsRefusedNamingIt(String value) {
        String message = "'" + value + "' is not an IPv4 or IPv6 address";
        assertThatThrownBy(() -> TraceQuery.address(value)).hasMessage(message);
        assertThatThrownBy(() -> TraceQuery.forwardedFor(value)).hasMessage(message);
    }

    @ParameterizedTest
    @CsvSource({"192.0.2.1, 192.0.2.1", "[2001:DB8::7], 2001:db8::7", "::ffff:192.0.2.1, ::ffff:192.0.2.1",
        "' 10.0.0.1 ', 10.0.0.1"})
    void anIpv4OrIpv6LiteralIsAccepted(String value, String normalised) {
        assertThat(TraceQuery.address(value).address()).isEqualTo(normalised);
        assertThat(TraceQuery.forwardedFor(value).address()).isEqualTo(normalised);
    }
}
