package org.unveil.trace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.unveil.capture.LinkType;
import org.unveil.capture.Packet;
import org.unveil.capture.TestPackets;
import org.unveil.capture.decode.PacketDecoder;
import org.unveil.capture.decode.PacketLayers;

class ConnectionTracerTest {

    /** A raw IPv4 TCP segment 10.0.0.{host}:{sport} -> 192.0.2.80:80 (or the reverse) with a payload. */
    static byte[] segment(int host, int sport, boolean toServer, String payload) {
        String client = "10.0.0." + host;
        String server = "192.0.2.80";
        return TestPackets.ipv4().source(toServer ? client : server).destination(toServer ? server : client)
                .build(TestPackets.tcp().ports(toServer ? sport : 80, toServer ? 80 : sport).flags(0x18)
                        .payload(payload).build());
    }

    static List<TracedConnection> trace(TraceQuery query, List<byte[]> packets) {
        ConnectionTracer tracer = new ConnectionTracer(query);
        PacketLayers layers = new PacketLayers();
        long t = 1_000_000_000L;
        for (byte[] bytes : packets) {
            Packet p = Packet.of(LinkType.RAW, t += 1_000_000, bytes);
            tracer.add(p, PacketDecoder.decode(p, layers));
        }
        return tracer.matches();
    }

    static final List<byte[]> TRAFFIC = new ArrayList<>(List.of(
            segment(1, 40001, true, "GET /a HTTP/1.1\r\nHost: shop\r\nX-Forwarded-For: 203.0.113.9\r\n\r\n"),
            segment(2, 40002, true, "GET /b HTTP/1.1\r\nHost: shop\r\nX-Forwarded-For: 203.0.113.5, 198.51.100.23:61000\r\n"
                    + "User-Agent: curl/8.5.0\r\n\r\n"),
            segment(2, 40002, false, "HTTP/1.1 200 OK\r\nServer: be-2\r\n\r\n"),
            segment(3, 40003, true, "GET /c HTTP/1.1\r\nForwarded: for=\"[2001:db8::7]:443\";proto=https\r\n\r\n"),
            segment(1, 40001, false, "HTTP/1.1 200 OK\r\nServer: be-1\r\n\r\n")));

    @Test
    void aClientInTheMiddleOfAnXffChainFindsExactlyItsConnection() {
        List<TracedConnection> found = trace(TraceQuery.forwardedFor("198.51.100.23"), TRAFFIC);
        assertThat(found).hasSize(1);
        TracedConnection c = found.getFirst();
        assertThat(c.client()).isEqualTo("10.0.0.2");
        assertThat(c.clientPort()).isEqualTo(40002);
        assertThat(c.server()).isEqualTo("192.0.2.80");
        assertThat(c.serverPort()).isEqualTo(80);
        assertThat(c.packets()).isEqualTo(2); // both directions
        assertThat(c.matchedLine()).isEqualTo("X-Forwarded-For: 203.0.113.5, 198.51.100.23:61000");
    }

    @Test
    void forwardedForWithABracketedIpv6AddressIsFound() {
        List<TracedConnection> found = trace(TraceQuery.forwardedFor("2001:DB8::7"), TRAFFIC);
        assertThat(found).extracting(TracedConnection::clientPort).containsExactly(40003);
    }

    @Test
    void headerRegexMatchesTheNamedHeaderInAnyCaseOnly() {
        assertThat(trace(TraceQuery.header("user-agent: curl/\\d"), TRAFFIC))
                .extracting(TracedConnection::clientPort).containsExactly(40002);
        assertThat(trace(TraceQuery.header("Server: be-1"), TRAFFIC))
                .extracting(TracedConnection::clientPort).containsExactly(40001);
        assertThat(trace(TraceQuery.header("Host: curl"), TRAFFIC)).isEmpty();
    }

    @Test
    void payloadRegexAndAddressQueries() {
        assertThat(trace(TraceQuery.payload("GET /[bc] "), TRAFFIC))
                .extracting(TracedConnection::clientPort).containsExactly(40002, 40003);
        assertThat(trace(TraceQuery.address("10.0.0.1"), TRAFFIC))
                .extracting(TracedConnection::clientPort).containsExactly(40001);
    }

    /** Like {@link #segment} with a sequence number. */
    static byte[] segment(int host, int sport, boolean toServer, long sequence, String payload) {
        byte[] p = segment(host, sport, toServer, payload);
        for (int i = 0; i < 4; i++) {
            p[24 + i] = (byte) (sequence >>> (24 - 8 * i));
        }
        return p;
    }

    @Test
    void pastTheHeadBudgetTheOldestOpenHeadIsDroppedAndCounted() {
        String head = "GET /split HTTP/1.1\r\nHost: shop\r\nX-Forwarded-For: 198.51.100.";
        String rest = "23\r\nUser-Agent: x\r\n\r\n";
        List<byte[]> packets = List.of(
                segment(9, 41000, true, 7000, head), // opens a head
                segment(8, 41001, true, 9000, head), // opens a second: past a budget of one, the first goes
                segment(9, 41000, true, 7000 + head.length(), rest),
                segment(8, 41001, true, 9000 + head.length(), rest));
        for (int maxHeads : new int[] {1, 2}) {
            ConnectionTracer tracer = new ConnectionTracer(TraceQuery.forwardedFor("198.51.100.23"), 0, maxHeads, Integer.MAX_VALUE);
            PacketLayers layers = new PacketLayers();
            long t = 1_000_000_000L;
            for (byte[] bytes : packets) {
                Packet p = Packet.of(LinkType.RAW, t += 1_000_000, bytes);
                tracer.add(p, PacketDecoder.decode(p, layers));
            }
            assertThat(tracer.headsDropped()).isEqualTo(maxHeads == 1 ? 1 : 0);
            assertThat(tracer.matches()).hasSize(maxHeads == 1 ? 1 : 2);
        }
    }

    @Test
    void anAddressQueryKeepsNoStateForOtherAddressesConnections() {
        ConnectionTracer tracer = new ConnectionTracer(TraceQuery.address("10.0.0.2"));
        PacketLayers layers = new PacketLayers();
        long t = 1_000_000_000L;
        for (byte[] bytes : TRAFFIC) {
            Packet p = Packet.of(LinkType.RAW, t += 1_000_000, bytes);
            tracer.add(p, PacketDecoder.decode(p, layers));
        }
        assertThat(tracer.flowCount()).isEqualTo(1);
        assertThat(tracer.matches()).singleElement().satisfies(c -> assertThat(c.packets()).isEqualTo(2));
    }

    @Test
    void aHeaderSplitAcrossReorderedAndRetransmittedSegmentsIsFound() {
        String head = "GET /split HTTP/1.1\r\nHost: shop\r\nX-Forwarded-For: 198.51.100.";
        String rest = "23\r\nUser-Agent: x\r\n\r\n";
        String tail = "";
        List<byte[]> packets = List.of(
                segment(9, 41000, true, 7000, head),
                segment(9, 41000, true, 7000 + head.length() + rest.length(), tail + "body"),
                segment(9, 41000, true, 7000, head), // retransmission
                segment(9, 41000, true, 7000 + head.length(), rest));
        List<TracedConnection> found = trace(TraceQuery.forwardedFor("198.51.100.23"), packets);
        assertThat(found).hasSize(1);
        assertThat(found.getFirst().matchedLine()).isEqualTo("X-Forwarded-For: 198.51.100.23");
        assertThat(trace(TraceQuery.forwardedFor("198.51.100.2"), packets)).isEmpty();
    }

    /** Issue 12: memory follows the budget, not the connections; the result is the same. */
    @Test
    void aTracerNeverFollowsMoreConnectionsThanItsBudget() {
        ConnectionTracer bounded = new ConnectionTracer(TraceQuery.address("10.0.0.2"), 0, 16, 50);
        ConnectionTracer unbounded = new ConnectionTracer(TraceQuery.address("10.0.0.2"));
        PacketLayers layers = new PacketLayers();
        long t = 1_000_000_000L;
        int most = 0;
        for (int i = 0; i < 2000; i++) {
            for (int direction = 0; direction < 2; direction++) {
                byte[] tcp = TestPackets.tcp().ports(direction == 0 ? 20000 + i : 80,
                        direction == 0 ? 80 : 20000 + i).flags(direction == 0 ? 0x02 : 0x12).build();
                byte[] ip = TestPackets.ipv4().source(direction == 0 ? "10.0.0.2" : "192.0.2.80")
                        .destination(direction == 0 ? "192.0.2.80" : "10.0.0.2").build(tcp);
                Packet p = Packet.of(LinkType.RAW,
                        t += 1000, ip);
                PacketDecoder.decode(p, layers);
                bounded.add(p, layers);
                unbounded.add(p, layers);
                most = Math.max(most, bounded.flowCount());
            }
        }
        assertThat(most).isLessThanOrEqualTo(50);
        assertThat(bounded.matches()).hasSize(2000).isEqualTo(unbounded.matches());
    }

    @Test
    void badQueriesSayWhatIsWrong() {
        assertThatThrownBy(() -> TraceQuery.payload("(")).hasMessageContaining("--payload: the regex '(' does not compile");
        assertThatThrownBy(() -> TraceQuery.header("no colon")).hasMessageContaining("'Name: REGEX'");
        assertThatThrownBy(() -> TraceQuery.forwardedFor("shop.example")).hasMessageContaining("not an IPv4 or IPv6 address");
    }

    /**
     * The raw search before any head is built finds exactly the connections whose requests name the address:
     * random chains of look-alike addresses, header names in random case, a third of the heads split across
     * two segments (before the chain); the expected set is the generator's own record of where it put the address.
     */
    @Test
    void rawSearchFirstFindsExactlyTheConnectionsThatNameTheAddress() {
        String[] pool = {"198.51.100.2", "198.51.100.20", "198.51.100.200", "198.51.100.201", "98.51.100.200",
            "2001:db8::200", "2001:DB8::2"};
        String[] names = {"X-Forwarded-For", "x-forwarded-for", "X-FORWARDED-FOR", "X-Forwarded-Forx"};
        java.util.Random random = new java.util.Random(5);
        List<byte[]> packets = new ArrayList<>();
        java.util.Map<String, java.util.Set<Integer>> naming = new java.util.HashMap<>();
        for (int c = 0; c < 400; c++) {
            int port = 42000 + c;
            StringBuilder chain = new StringBuilder();
            java.util.Set<String> named = new java.util.HashSet<>();
            for (int n = 1 + random.nextInt(3); n > 0; n--) {
                String a = pool[random.nextInt(pool.length)];
                boolean withPort = !a.contains(":") && random.nextBoolean(); // IPv4 with a port, as proxies write
                chain.append(chain.isEmpty() ? "" : ", ").append(withPort ? a + ":" + (1024 + random.nextInt(60000)) : a);
                named.add(a.toLowerCase(java.util.Locale.ROOT));
            }
            String name = names[random.nextInt(names.length)];
            if (!name.equalsIgnoreCase("X-Forwarded-For")) {
                named.clear(); // another header: names nobody
            }
            for (String a : named) {
                naming.computeIfAbsent(a, k -> new java.util.HashSet<>()).add(port);
            }
            String head = "GET /r" + c + " HTTP/1.1\r\nHost: shop\r\nUser-Agent: agent 198.51.100\r\n" + name + ": "
                    + chain + "\r\n\r\n";
            if (random.nextInt(3) == 0) {
                // split before the chain: a segment ending inside an address is searched on its own too, where a
                // prefix of a longer address reads as the address (true before the raw search as well)
                int split = 20 + random.nextInt(head.indexOf(chain.toString()) - 20);
                packets.add(segment(c % 200, port, true, 1000, head.substring(0, split)));
                packets.add(segment(c % 200, port, true, 1000 + split, head.substring(split)));
            } else {
                packets.add(segment(c % 200, port, true, 1000, head));
            }
            packets.add(segment(c % 200, port, false, "HTTP/1.1 204 No Content\r\n\r\n"));
        }
        for (String address : new String[] {"198.51.100.200", "198.51.100.2", "2001:db8::200", "2001:db8::2"}) {
            java.util.Set<Integer> found = new java.util.HashSet<>();
            for (TracedConnection t : trace(TraceQuery.forwardedFor(address), packets)) {
                found.add(t.clientPort());
            }
            assertThat(found).as(address).isEqualTo(naming.getOrDefault(address, java.util.Set.of()));
            assertThat(found).as(address).isNotEmpty();
        }
    }
}
