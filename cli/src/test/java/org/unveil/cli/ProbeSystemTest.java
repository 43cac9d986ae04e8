package org.unveil.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.LinkedHashMap;
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
