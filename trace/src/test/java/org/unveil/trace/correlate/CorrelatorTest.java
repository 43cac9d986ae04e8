package org.unveil.trace.correlate;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.unveil.capture.TestPackets;
import org.unveil.capture.LinkType;
import org.unveil.capture.Packet;
import org.unveil.capture.decode.PacketDecoder;
import org.unveil.capture.decode.PacketLayers;

/** Exchanges cut from hand-built segments, and pairs from hand-built exchanges whose right partners are known. */
class CorrelatorTest {
    private static final long MS = 1_000_000L;

    /** A raw IPv4 TCP segment (PSH|ACK) from a.b.c.d:port to e.f.g.h:port with a sequence number and payload. */
    static byte[] segment(int[] from, int fromPort, int[] to, int toPort, long sequence, String payload) {
        return TestPackets.ipv4().source(dotted(from)).destination(dotted(to)).build(TestPackets.tcp()
                .ports(fromPort, toPort).sequence(sequence).flags(0x18).payload(payload).build());
    }

    private static String dotted(int[] a) {
        return a[0] + "." + a[1] + "." + a[2] + "." + a[3];
    }

    @Test
    void keepAliveRequestsAreCutApartAcrossSplitHeadsAndRetransmissions() {
        int[] client = {198, 51, 100, 11};
        int[] vip = {203, 0, 113, 10};
        String head1a = "POST /upload HTTP/1.1\r\nHost: shop\r\nUser-";
        String head1b = "Agent: t\r\nContent-Length: 5\r\n\r\n";
        String response1 = "HTTP/1.1 201 Created\r\nContent-Length: 2\r\n\r\nok";
        String head2 = "GET /a HTTP/1.1\r\nHost: shop\r\nX-Forwarded-For: 192.0.2.7\r\n\r\n";
        long c = 1000;
        long s = 5000;
        List<byte[]> packets = List.of(
                segment(client, 40000, vip, 80, c, head1a),
                segment(client, 40000, vip, 80, c + head1a.length(), head1b),
                segment(client, 40000, vip, 80, c + head1a.length(), head1b), // retransmitted
                segment(client, 40000, vip, 80, c + head1a.length() + head1b.length(), "hello"),
                segment(vip, 80, client, 40000, s, response1),
                segment(client, 40000, vip, 80, c + head1a.length() + head1b.length() + 5, head2),
                segment(vip, 80, client, 40000, s + response1.length(), "HTTP/1.1 404 Not Found\r\n\r\n"));
        ExchangeExtractor x = new ExchangeExtractor();
        PacketLayers layers = new PacketLayers();
        long t = 0;
        for (byte[] bytes : packets) {
            Packet p = Packet.of(LinkType.RAW, t += MS, bytes);
            x.add(p, PacketDecoder.decode(p, layers));
        }
        List<HttpExchange> e = x.exchanges();
        assertThat(e).hasSize(2);
        assertThat(e.get(0).method() + " " + e.get(0).uri()).isEqualTo("POST /upload");
        assertThat(e.get(0).headers()).containsEntry("user-agent", "t");
        assertThat(e.get(0).requestBody()).isEqualTo(5);
        assertThat(e.get(0).status()).isEqualTo(201);
        assertThat(e.get(0).responseBody()).isEqualTo(2);
        assertThat(e.get(1).index()).isEqualTo(1);
        assertThat(e.get(1).forwardedFor()).containsExactly("192.0.2.7");
        assertThat(e.get(1).status()).isEqualTo(404);
        assertThat(e.get(0).connection().key()).isEqualTo("198.51.100.11:40000>203.0.113.10:80");
    }

    private static HttpExchange front(String client, int port, long ms, String uri, long responseMs, long body) {
        return new HttpExchange(new TcpConnection(client, port, "203.0.113.10", 80, ms * MS, 0), 0, ms * MS, "GET",
                uri, Map.of("user-agent", "same"), List.of(), 0, responseMs * MS, 200, body, responseMs * MS, Map.of());
    }

    private static HttpExchange back(int port, String backend, long ms, String uri, long responseMs, long body,
            List<String> xff) {
        return new HttpExchange(new TcpConnection("192.0.2.1", port, backend, 80, ms * MS, 0), 0, ms * MS, "GET", uri,
                Map.of("user-agent", "same"), xff, 0, responseMs * MS, 200, body, responseMs * MS, Map.of());
    }

    private static Map<String, String> pairs(List<RequestPair> pairs) {
        return pairs.stream().collect(java.util.stream.Collectors.toMap(p -> p.front().connection().client(),
                p -> p.back().connection().server()));
    }

    @Test
    void forwardedForOverridesTiming() {
        // the second client's request reached the balancer later but was forwarded first
        List<HttpExchange> fronts = List.of(front("198.51.100.11", 40000, 100, "/x", 110, 9),
                front("198.51.100.12", 40001, 101, "/x", 111, 9));
        List<HttpExchange> backs = List.of(back(50000, "192.0.2.11", 103, "/x", 108, 9, List.of("198.51.100.11")),
                back(50001, "192.0.2.12", 102, "/x", 107, 9, List.of("198.51.100.12")));
        List<RequestPair> pairs = new RequestMatcher(null).match(fronts, backs);
        assertThat(pairs(pairs)).containsEntry("198.51.100.11", "192.0.2.11").containsEntry("198.51.100.12", "192.0.2.12");
        assertThat(pairs).allMatch(p -> p.evidence() == Evidence.XFF);
    }

    @Test
    void lookAlikeRequestsArePairedInArrivalOrderOneToOne() {
        List<HttpExchange> fronts = List.of(front("198.51.100.11", 40000, 100, "/x", 120, 9),
                front("198.51.100.12", 40001, 105, "/x", 125, 9));
        List<HttpExchange> backs = List.of(back(50000, "192.0.2.11", 110, "/x", 119, 9, List.of()),
                back(50001, "192.0.2.12", 111, "/x", 124, 9, List.of()));
        for (Evidence e : new Evidence[] {null, Evidence.FINGERPRINT, Evidence.TIMING}) {
            List<RequestPair> pairs = new RequestMatcher(e).match(fronts, backs);
            assertThat(pairs).as("%s", e).hasSize(2);
            assertThat(pairs(pairs)).as("%s", e).containsEntry("198.51.100.11", "192.0.2.11")
                    .containsEntry("198.51.100.12", "192.0.2.12");
        }
    }

    @Test
    void timingAloneLetsResponseSizesDecideAndRespectsTheResponseOrder() {
        // the back responses arrive in reverse; only the sizes and the nesting tell which is which
        List<HttpExchange> fronts = List.of(front("198.51.100.11", 40000, 100, "/a", 130, 1000),
                front("198.51.100.12", 40001, 101, "/b", 112, 20));
        List<HttpExchange> backs = List.of(back(50000, "192.0.2.11", 102, "/b", 111, 20, List.of()),
                back(50001, "192.0.2.12", 103, "/a", 129, 1000, List.of()));
        List<RequestPair> pairs = new RequestMatcher(Evidence.TIMING).match(fronts, backs);
        assertThat(pairs(pairs)).containsEntry("198.51.100.11", "192.0.2.12").containsEntry("198.51.100.12", "192.0.2.11");
        assertThat(pairs).allMatch(p -> p.evidence() == Evidence.TIMING);
    }

    @Test
    void aBackRequestNamingAnotherClientIsNeverPairedInAutoMode() {
        List<HttpExchange> fronts = List.of(front("198.51.100.11", 40000, 100, "/x", 110, 9));
        List<HttpExchange> backs = List.of(back(50000, "192.0.2.11", 101, "/x", 108, 9, List.of("198.51.100.99")));
        assertThat(new RequestMatcher(null).match(fronts, backs)).isEmpty();
        assertThat(new RequestMatcher(Evidence.TIMING).match(fronts, backs)).hasSize(1);
    }
}
