package org.unveil.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * `unveil probe` against a real haproxy over real nginx back-ends on loopback: the count and the shares must match
 * haproxy's own log and its configured weights, never anything the probe says about itself.
 */
class ProbeSystemTest {
    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0} weights {1}, id by {2}")
    @CsvSource({
        "roundrobin, 1 1 1 1, HEADER",
        "roundrobin, 5 5 5 1, HEADER",
        "roundrobin, 3 1 2, COOKIE",
        "random, 1 1 1 1 1 1, HEADER",
        "roundrobin, 2 2 1, ETAG",
        "roundrobin, 1 1 1 1, WEAK",
        "roundrobin, 1 1 1 1, ORDER",
        "random, 1 1 1 1 1 1, ORDER",
    })
    void countsAndSharesMatchTheBalancersLog(String balance, String weightList, LoopbackBalancer.Id id)
            throws Exception {
        probeAndCheck(balance, weightList, id, "1.1");
    }

    /** The same over HTTP/2 by prior knowledge (h2c): haproxy's log must show every probe came as HTTP/2.0. */
    @ParameterizedTest(name = "h2c {0} weights {1}, id by {2}")
    @CsvSource({
        "roundrobin, 1 1 1, HEADER",
        "roundrobin, 3 1 2, COOKIE",
        "roundrobin, 1 1 1 1, ORDER",
    })
    void overHttp2TheCountsAndSharesMatchToo(String balance, String weightList, LoopbackBalancer.Id id)
            throws Exception {
        probeAndCheck(balance, weightList, id, "2");
    }

    /**
     * haproxy's {@code balance source} seen from four loopback addresses: each lands on one back-end (the log says
     * which), and the probe must say source stickiness, each source's one back-end the log's.
     */
    @org.junit.jupiter.api.Test
    void sourceHashingIsToldFromSeveralSources() throws Exception {
        List<String> sources = List.of("127.0.0.2", "127.0.0.3", "127.0.0.4", "127.0.0.5");
        JsonNode targets;
        Map<String, java.util.Set<String>> truth = new LinkedHashMap<>();
        try (LoopbackBalancer lb = LoopbackBalancer.start(dir, new int[] {1, 1, 1, 1}, "source",
                LoopbackBalancer.Id.HEADER)) {
            var r = CommandLineTest.unveil("probe", lb.url(), "--rate", "100", "--json", "--source",
                    String.join(",", sources));
            assertThat(r.code()).as(r.err()).isZero();
            targets = new ObjectMapper().readTree(r.out()).get("targets");
            for (String[] c : lb.choices()) {
                truth.computeIfAbsent(c[1], k -> new java.util.TreeSet<>()).add(c[0]);
            }
        }
        // the scenario is what it claims: one server per source, not all the same
        assertThat(truth.keySet()).containsExactlyInAnyOrderElementsOf(sources);
        assertThat(truth.values()).allSatisfy(v -> assertThat(v).hasSize(1));
        assertThat(truth.values().stream().distinct().count()).isGreaterThanOrEqualTo(2);
        assertThat(targets).hasSize(4);
        for (JsonNode t : targets) {
            String source = t.get("source").asText();
            assertThat(t.get("servers")).hasSize(1);
            assertThat(t.get("servers").get(0).get("id").asText()).isEqualTo(truth.get(source).iterator().next());
            assertThat(t.get("stickiness").get("source").asBoolean()).as(t.get("stickiness").toString()).isTrue();
            assertThat(t.get("policy").get("guess").asText()).isEqualTo("source-hash");
        }
    }

    private void probeAndCheck(String balance, String weightList, LoopbackBalancer.Id id, String http)
            throws Exception {
        int[] weights = java.util.Arrays.stream(weightList.split(" ")).mapToInt(Integer::parseInt).toArray();
        JsonNode target;
        Map<String, Integer> logged;
        Map<String, Double> configured;
        int n;
        try (LoopbackBalancer lb = LoopbackBalancer.start(dir, weights, balance, id)) {
            var r = CommandLineTest.unveil("probe", lb.url(), "--rate", "100", "--json", "--http", http);
            assertThat(r.code()).as(r.err()).isZero();
            assertThat(r.err()).isEmpty();
            target = new ObjectMapper().readTree(r.out()).get("targets").get(0);
            logged = lb.logged();
            JsonNode sticky = target.get("stickiness");
            int extra = sticky.get("probes").asInt();
            if (id == LoopbackBalancer.Id.COOKIE) {
                // haproxy keeps a client by its SERVERID: the log's last requests, the ones with the cookie, all
                // went to the server that set it
                assertThat(sticky.get("cookie").asBoolean()).as(sticky.toString()).isTrue();
                List<String[]> choices = lb.choices();
                assertThat(extra).isBetween(3, 30);
                assertThat(choices.subList(choices.size() - extra, choices.size()))
                        .allSatisfy(c -> assertThat(c[0]).isEqualTo(sticky.get("server").asText()));
                logged.merge(sticky.get("server").asText(), -extra, Integer::sum);
            } else {
                assertThat(sticky.get("cookie").isNull()).as(sticky.toString()).isTrue();
                assertThat(sticky.get("cookieWhy").asText()).isEqualTo("no response set a cookie");
                assertThat(extra).isZero();
            }
            assertThat(sticky.get("source").asBoolean()).as("several back-ends from one source").isFalse();
            assertThat(lb.versions()).as("HTTP versions haproxy saw").containsOnlyKeys(
                    http.equals("2") ? "HTTP/2.0" : "HTTP/1.1");
            configured = lb.configuredShares();
            n = lb.backends();
        }
        boolean weak = id == LoopbackBalancer.Id.ETAG || id == LoopbackBalancer.Id.WEAK
                || id == LoopbackBalancer.Id.ORDER;
        int probes = target.get("probes").asInt();
        assertThat(logged.values().stream().mapToInt(Integer::intValue).sum()).as("haproxy logged every probe")
                .isEqualTo(probes);
        assertThat(logged).as("the balancer used every back-end").hasSize(n);
        assertThat(target.get("backends").asInt()).as(target.toString()).isEqualTo(n);
        assertThat(target.get("backendsLow").asInt()).isLessThanOrEqualTo(n);
        assertThat(target.get("backendsHigh").asInt()).isGreaterThanOrEqualTo(n);
        assertThat(target.get("stoppedBecause").asText()).isEqualTo("confident");
        // servers are named by what the back-ends expose, so map each to haproxy's name through its requests
        Map<Integer, String> byRequests = new LinkedHashMap<>();
        double l1 = 0;
        for (JsonNode s : target.get("servers")) {
            int requests = s.get("requests").asInt();
            String name = weak ? null : s.get("id").asText();
            if (name != null) {
                assertThat(requests).as("requests the log gives %s", name).isEqualTo(logged.get(name));
                double share = s.get("share").asDouble();
                assertThat(share).as("share of %s", name).isCloseTo(configured.get(name),
                        within(balance.equals("random") ? 0.12 : 0.05));
                assertThat(s.get("shareLow").asDouble()).isLessThanOrEqualTo(share);
                assertThat(s.get("shareHigh").asDouble()).isGreaterThanOrEqualTo(share);
                l1 += Math.abs(share - configured.get(name));
            }
            byRequests.put(requests, s.get("id").asText());
        }
        if (weak) {
            // ids are mtimes: the multiset of request counts must still be the log's
            assertThat(target.get("servers").findValuesAsText("requests").stream().map(Integer::valueOf).sorted())
                    .containsExactlyElementsOf(logged.values().stream().sorted().toList());
        } else if (!balance.equals("random")) {
            assertThat(l1).as("L1 distance of shares").isLessThanOrEqualTo(0.1);
        }
    }
}
