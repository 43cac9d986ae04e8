package org.unveil.probe.evidence;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.re2j.Pattern;
import java.util.List;
import org.junit.jupiter.api.Test;

class ExtractorsTest {
    private static Reply reply(String... nameValues) {
        List<Header> h = new java.util.ArrayList<>();
        for (int i = 0; i < nameValues.length; i += 2) {
            h.add(new Header(nameValues[i], nameValues[i + 1]));
        }
        return new Reply(200, h, "<p>served by web-07</p>".getBytes(), 0, 0);
    }

    private static List<Evidence> of(Extractor x, Reply r) {
        List<Evidence> out = new java.util.ArrayList<>();
        x.extract(r, out);
        return out;
    }

    @Test
    void bigIpCookiesDecodeInEveryEncoding() {
        // F5's own example (K6917): 1677787402.36895.0000 is 10.1.1.100 port 8080
        assertThat(BigIpCookie.decode("1677787402.36895.0000")).isEqualTo("10.1.1.100:8080");
        // 2001:112::30 port 80; the port of an IPv6 member is byte-swapped too
        assertThat(BigIpCookie.decode("vi20010112000000000000000000000030.20480")).isEqualTo("[2001:112:0:0:0:0:0:30]:80");
        // IPv4 member 192.0.2.1 in route domain 5, port in plain decimal
        assertThat(BigIpCookie.decode("rd5o00000000000000000000ffffc0000201o80")).isEqualTo("192.0.2.1%5:80");
        assertThat(BigIpCookie.decode("rd3o20010db8000000000000000000000030o443")).isEqualTo("[2001:db8:0:0:0:0:0:30]%3:443");
        assertThat(BigIpCookie.decode("!Zm9vYmFy")).isNull();
        assertThat(of(new BigIpCookie(), reply("Set-Cookie", "BIGipServerweb_pool=1677787402.36895.0000; path=/")))
                .singleElement().satisfies(e -> {
                    assertThat(e.value()).isEqualTo("10.1.1.100:8080");
                    assertThat(e.kind()).isEqualTo(Kind.AFFINITY_COOKIE);
                    assertThat(e.reason()).contains("BIGipServerweb_pool");
                });
    }

    @Test
    void haproxyAndServletRoutesAreTheServerPartOnly() {
        assertThat(of(new HaproxyCookie(), reply("Set-Cookie", "SERVERID=s2|ZXhw|bGlmZQ; path=/")))
                .extracting(Evidence::value).containsExactly("s2");
        assertThat(of(new HaproxyCookie(), reply("Set-Cookie", "SERVERID=web3~a8Fx")))
                .extracting(Evidence::value).containsExactly("web3");
        assertThat(of(new JsessionRoute(), reply("Set-Cookie", "JSESSIONID=8D1F0A3B2C.node4; Path=/app")))
                .extracting(Evidence::value).containsExactly("node4");
        assertThat(of(new JsessionRoute(), reply("Set-Cookie", "JSESSIONID=8D1F0A3B2C"))).isEmpty();
        // Citrix masks 192.0.2.10 (c000020a) with 03081e11: c3081c1b
        assertThat(of(new CitrixCookie(), reply("Set-Cookie", "NSC_web=ffffffffc3081c1b45525d5f4f58455e445a4a423660")))
                .extracting(Evidence::value).containsExactly("192.0.2.10");
    }

    @Test
    void idHeadersDropPerRequestWords() {
        assertThat(IdHeaders.normalise("x-cache", "HIT from cache-fra-3")).isEqualTo("cache-fra-3");
        assertThat(IdHeaders.normalise("x-cache", "MISS")).isEmpty();
        assertThat(IdHeaders.normalise("via", "1.1 varnish-a (Varnish/7.1)")).isEqualTo("varnish-a (Varnish/7.1)");
        assertThat(IdHeaders.normalise("server-timing", "edge; dur=12.5, origin; dur=3")).isEqualTo("edge, origin");
        var e = of(new IdHeaders(List.of("X-My-Node")), reply("X-Backend", "b2", "X-My-Node", "n9", "X-Cache", "MISS"));
        assertThat(e).extracting(Evidence::key).containsExactly("header x-backend", "header x-my-node");
    }

    @Test
    void bodyIdTakesTheFirstGroup() {
        assertThat(of(new BodyId(Pattern.compile("served by ([a-z0-9-]+)")), reply()))
                .extracting(Evidence::value).containsExactly("web-07");
    }

    @Test
    void etagPartsOfApacheAndNginx() {
        // Apache inode-size-mtime: size 0x2c = 44 bytes
        var apache = of(new ETagParts(), reply("ETag", "\"3e86-2c-5b3c1d2e3f400\""));
        assertThat(apache).singleElement().satisfies(e -> {
            assertThat(e.value()).isEqualTo("inode 3e86 mtime 5b3c1d2e3f400");
            assertThat(e.reason()).contains("size 44");
        });
        // nginx mtime-size: 0x5f5e1000 s is 2020-09-13T12:26:40Z... exactly 1600000000
        var nginx = of(new ETagParts(), reply("ETag", "W/\"5f5e1000-1a\""));
        assertThat(nginx).singleElement().satisfies(e -> assertThat(e.reason()).contains("2020-09-13T12:26:40Z")
                .contains("size 26"));
        assertThat(of(new ETagParts(), reply("ETag", "\"sha-xyz\""))).isEmpty();
    }

    @Test
    void dateClockRangeHoldsTheTrueOffset() {
        // server clock 2.3 s ahead; request sent at local 1000.0, answered at 1000.2, so its Date reads 1002 (.3–.5)
        long sent = 1_000_000_000_000L;
        long received = 1_000_200_000_000L;
        Reply r = new Reply(200, List.of(new Header("Date", "Thu, 01 Jan 1970 00:16:42 GMT")), new byte[0], sent,
                received);
        var e = of(new DateClock(), r);
        assertThat(e).singleElement().satisfies(c -> {
            assertThat(c.low()).isLessThanOrEqualTo(2.3).isEqualTo(1.8, org.assertj.core.data.Offset.offset(1e-6));
            assertThat(c.high()).isGreaterThanOrEqualTo(2.3).isEqualTo(3.0, org.assertj.core.data.Offset.offset(1e-6));
        });
        assertThat(of(new DateClock(), reply("Date", "yesterday"))).isEmpty();
    }

    @Test
    void theRegistryRunsEveryExtractor() {
        var registry = new Extractors(List.of(), Pattern.compile("served by (\\S+)</p>"));
        assertThat(registry.names()).contains("id-header", "body-id", "bigip-cookie", "haproxy-cookie",
                "jsessionid-route", "citrix-cookie", "cookie", "etag", "date-clock");
        var e = registry.extract(reply("X-Served-By", "cache-7", "Set-Cookie", "SERVERID=s1"));
        assertThat(e).extracting(Evidence::kind).contains(Kind.ID_HEADER, Kind.BODY_ID, Kind.AFFINITY_COOKIE,
                Kind.COOKIE);
    }

    @Test
    void theHeaderSetLeavesPerRequestHeadersOutAndKeepsTheBannersAndTheWireOrder() {
        var a = of(new HeaderSet(), reply("Server", "nginx/1.22.1", "Date", "x", "ETag", "e", "Set-Cookie", "s=1"));
        var b = of(new HeaderSet(), reply("server", "nginx/1.22.1", "Age", "3", "date", "y", "etag", "f"));
        assertThat(a).singleElement().satisfies(e -> {
            assertThat(e.kind()).isEqualTo(Kind.HEADER_SET);
            assertThat(e.value()).isEqualTo("200 server,date,etag; Server nginx/1.22.1");
        });
        // same server, per-request headers and values apart: same value
        assertThat(b.getFirst().value()).isEqualTo(a.getFirst().value());
        // the same names in another order: another server
        var c = of(new HeaderSet(), reply("Server", "nginx/1.22.1", "ETag", "e", "Date", "x"));
        assertThat(c.getFirst().value()).isEqualTo("200 server,etag,date; Server nginx/1.22.1")
                .isNotEqualTo(a.getFirst().value());
    }

    @Test
    void theTlsHandshakeNamesCertificateProtocolAndCipherAndNothingOverPlainTcp() {
        Reply plain = new Reply(200, List.of(), new byte[0], 0, 0);
        assertThat(of(new TlsHandshake(), plain)).isEmpty();
        Reply tls = new Reply(200, List.of(), new byte[0], 0, 0, "HTTP/2", 40000,
                new Tls("TLSv1.3", "TLS_AES_128_GCM_SHA256", "00112233445566778899aabbccddeeff", "CN=shop.test", "h2"));
        assertThat(of(new TlsHandshake(), tls)).singleElement().satisfies(e -> {
            assertThat(e.kind()).isEqualTo(Kind.TLS);
            assertThat(e.value()).isEqualTo("cert 0011223344556677 TLSv1.3 TLS_AES_128_GCM_SHA256 ALPN h2");
            assertThat(e.reason()).contains("00112233445566778899aabbccddeeff").contains("CN=shop.test")
                    .contains("ALPN h2");
        });
        Reply noAlpn = new Reply(200, List.of(), new byte[0], 0, 0, "HTTP/1.1", 40000,
                new Tls("TLSv1.2", "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256", "00112233445566778899aabbccddeeff", ""));
        assertThat(of(new TlsHandshake(), noAlpn).getFirst().value()).endsWith(" no ALPN");
    }
}
