package org.unveil.trace;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ForwardedHeadersTest {

    @Test
    void chainElementsLoseQuotesBracketsAndPorts() {
        assertThat(ForwardedHeaders.host(" 198.51.100.23 ")).isEqualTo("198.51.100.23");
        assertThat(ForwardedHeaders.host("198.51.100.23:5555")).isEqualTo("198.51.100.23");
        assertThat(ForwardedHeaders.host("\"[2001:DB8::7]:443\"")).isEqualTo("2001:db8::7");
        assertThat(ForwardedHeaders.host("2001:db8::7")).isEqualTo("2001:db8::7");
    }

    @Test
    void xForwardedForMatchesAnyElementOfTheChainButNotAPrefix() {
        assertThat(ForwardedHeaders.xffNames("203.0.113.9, 198.51.100.23:80", "198.51.100.23")).isTrue();
        assertThat(ForwardedHeaders.xffNames("198.51.100.230", "198.51.100.23")).isFalse();
    }

    @Test
    void forwardedMatchesTheForParameterOnly() {
        assertThat(ForwardedHeaders.forwardedNames("for=192.0.2.60;proto=http;by=203.0.113.43", "192.0.2.60")).isTrue();
        assertThat(ForwardedHeaders.forwardedNames("For=\"[2001:db8:cafe::17]:4711\"", "2001:db8:cafe::17")).isTrue();
        assertThat(ForwardedHeaders.forwardedNames("for=192.0.2.1, for=198.51.100.17", "198.51.100.17")).isTrue();
        assertThat(ForwardedHeaders.forwardedNames("by=192.0.2.60", "192.0.2.60")).isFalse();
    }

    @Test
    void theLineIsFoundInAHeadInAnyCaseAndNotPastIt() {
        String head = "GET / HTTP/1.1\r\nHost: a\r\nx-FORWARDED-for: 10.0.0.1, 198.51.100.23\r\n\r\n";
        assertThat(ForwardedHeaders.lineNaming(head, "198.51.100.23")).isEqualTo("x-FORWARDED-for: 10.0.0.1, 198.51.100.23");
        String body = "POST / HTTP/1.1\r\nHost: a\r\n\r\nX-Forwarded-For: 198.51.100.23\r\n";
        assertThat(ForwardedHeaders.lineNaming(body, "198.51.100.23")).isNull();
    }
}
