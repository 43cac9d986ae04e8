package org.unveil.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * `unveil probe --tcp` against one set of back-ends behind an L4 balancer (nftables DNAT, the back-ends' TCP passes
 * through) and an L7 one (haproxy, which terminates TCP), in namespaces: the count must match the back-ends' logs,
 * and the SYN-ACKs must show the back-ends' stacks through L4 and one stack through L7.
 */
class ProbeL4Test {
    @TempDir
    Path dir;

    @Test
    void throughDnatTheBackEndsStacksShowAndThroughHaproxyOneDoes() throws Exception {
        try (NamespaceBalancer lb = NamespaceBalancer.start(dir, 3)) {
            var l4 = CommandLineTest.unveil("probe", lb.l4Url(), "--rate", "100", "--tcp", "--json");
            assertThat(l4.code()).as(l4.err()).isZero();
            JsonNode t = new ObjectMapper().readTree(l4.out()).get("targets").get(0);
            Map<String, Integer> logged = lb.logged();
            assertThat(logged.values()).as("DNAT used every back-end").allSatisfy(c -> assertThat(c).isPositive());
            assertThat(t.get("backends").asInt()).as(t.toString()).isEqualTo(3);
            for (JsonNode s : t.get("servers")) {
                assertThat(s.get("requests").asInt()).as(s.get("id").asText())
                        .isEqualTo(logged.get(s.get("id").asText()));
            }
            assertThat(t.get("terminatesTcp").asBoolean()).as(t.get("tcp").toString()).isFalse();
            assertThat(t.get("tcp").get("stacks").asInt()).isEqualTo(3);
            assertThat(t.get("tcp").get("why").asText()).contains("each stack went with one HTTP back-end");
            assertThat(t.get("tcp").get("connections").asInt()).isEqualTo(t.get("responses").asInt());

            lb.clearLogs();
            var l7 = CommandLineTest.unveil("probe", lb.l7Url(), "--rate", "100", "--tcp", "--json");
            assertThat(l7.code()).as(l7.err()).isZero();
            JsonNode h = new ObjectMapper().readTree(l7.out()).get("targets").get(0);
            assertThat(h.get("backends").asInt()).isEqualTo(3);
            // one stack (haproxy's) for three back-ends; the same kernel's clocks link nothing, so no proof either way
            assertThat(h.get("tcp").get("stacks").asInt()).as(h.get("tcp").toString()).isEqualTo(1);
            assertThat(h.get("terminatesTcp").isNull()).isTrue();
            assertThat(h.get("tcp").get("why").asText()).contains("3 back-ends answered HTTP");

            // the baselines against the same truth: X-Backend's values are in halberd's hash and lbd's diff
            assertThat(baseline(lb.l4Url(), "halberd").get("backends").asInt()).isEqualTo(3);
            assertThat(baseline(lb.l7Url(), "halberd").get("backends").asInt()).isEqualTo(3);
            assertThat(baseline(lb.l4Url(), "lbd").get("balanced").asBoolean()).isTrue();
        }
    }

    @Test
    void backEndsToldApartOnlyByHeaderOrderAreCountedByUnveilAndMissedByTheBaselines() throws Exception {
        try (NamespaceBalancer lb = NamespaceBalancer.start(dir, 3, NamespaceBalancer.Id.ORDER)) {
            var r = CommandLineTest.unveil("probe", lb.l4Url(), "--rate", "100", "--json");
            assertThat(r.code()).as(r.err()).isZero();
            JsonNode t = new ObjectMapper().readTree(r.out()).get("targets").get(0);
            Map<String, Integer> logged = lb.logged();
            assertThat(logged.values()).as("DNAT used every back-end").allSatisfy(c -> assertThat(c).isPositive());
            assertThat(t.get("backends").asInt()).as(t.toString()).isEqualTo(3);
            List<Integer> seen = new ArrayList<>();
            t.get("servers").forEach(s -> seen.add(s.get("requests").asInt()));
            assertThat(seen).containsExactlyInAnyOrderElementsOf(logged.values());

            lb.clearLogs();
            JsonNode halberd = baseline(lb.l4Url(), "halberd");
            assertThat(lb.logged().values()).as("halberd's requests reached all three")
                    .allSatisfy(c -> assertThat(c).isPositive());
            // one kernel's clock and the same header values: halberd sees one server, or two when a reply late
            // under load puts its Date offset past 3 s; never the three
            assertThat(halberd.get("backends").asInt()).as(halberd.toString()).isLessThan(3);
            // lbd's header diff cannot see order; a yes comes only from a Date second going back between nginx
            // processes' cached clocks
            JsonNode lbd = baseline(lb.l7Url(), "lbd");
            if (lbd.get("balanced").asBoolean()) {
                assertThat(lbd.get("why").asText()).contains("went back");
            }
        }
    }

    private static JsonNode baseline(String url, String method) throws Exception {
        var r = CommandLineTest.unveil("probe", url, "--method", method, "--rate", "100", "--max-requests", "100",
                "--json");
        assertThat(r.code()).as(r.err()).isZero();
        JsonNode t = new ObjectMapper().readTree(r.out()).get("targets").get(0);
        assertThat(t.get("method").asText()).isEqualTo(method);
        assertThat(t.get("probes").asInt()).isEqualTo(method.equals("lbd") ? 50 : 100);
        return t;
    }
}
