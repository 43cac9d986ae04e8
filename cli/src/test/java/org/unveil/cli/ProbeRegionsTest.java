package org.unveil.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The regions: two VIPs, each with a pool of its own behind nftables DNAT in namespaces (three back-ends on
 * one, five on the other), probed in one run. Each target's count and per-server requests must be its own pool's
 * logs, and the comparison must say the second has more back-ends, significantly.
 */
class ProbeRegionsTest {
    @TempDir
    Path dir;

    @Test
    void twoPoolsProbedInOneRunAreCountedAndCompared() throws Exception {
        try (NamespaceBalancer west = NamespaceBalancer.start(Files.createDirectories(dir.resolve("west")),
                NamespaceBalancer.Setup.of(3, NamespaceBalancer.Id.HEADER));
             NamespaceBalancer east = NamespaceBalancer.start(Files.createDirectories(dir.resolve("east")),
                     NamespaceBalancer.Setup.of(5, NamespaceBalancer.Id.HEADER).site(1))) {
            var r = CommandLineTest.unveil("probe", west.l4Url(), east.l4Url(), "--rate", "100", "--json");
            assertThat(r.code()).as(r.err()).isZero();
            JsonNode report = new ObjectMapper().readTree(r.out());
            JsonNode targets = report.get("targets");
            assertThat(targets).hasSize(2);
            Thread.sleep(300); // nginx logs a request after its response went out
            servedAsLogged(targets.get(0), west.logged(), 3, west.vip());
            servedAsLogged(targets.get(1), east.logged(), 5, east.vip());
            JsonNode pair = report.get("comparison").get("pairs").get(0);
            System.out.println("regions: " + pair.get("why").asText() + "; probes " + targets.get(0).get("probes")
                    + " and " + targets.get(1).get("probes"));
            assertThat(pair.get("first").asInt()).isZero();
            assertThat(pair.get("second").asInt()).isEqualTo(1);
            assertThat(pair.get("more").asInt()).as(pair.toString()).isEqualTo(1);
            assertThat(pair.get("difference").asInt()).isEqualTo(2);
            assertThat(pair.get("significant").asBoolean()).as(pair.toString()).isTrue();

            west.clearLogs();
            east.clearLogs();
            var text = CommandLineTest.unveil("probe", west.l4Url(), east.l4Url(), "--rate", "100");
            assertThat(text.code()).as(text.err()).isZero();
            assertThat(text.out()).contains("comparison: " + east.l4Url() + " at " + east.vip()
                    + " has more back-ends than " + west.l4Url() + " at " + west.vip() + ": 5 (95% interval 5-")
                    .contains("significant, the intervals do not overlap");
        }
    }

    private static void servedAsLogged(JsonNode t, Map<String, Integer> logged, int n, String vip) {
        assertThat(t.get("address").asText()).isEqualTo(vip);
        assertThat(logged.values()).as("DNAT used every back-end of %s", vip).allSatisfy(c -> assertThat(c).isPositive());
        assertThat(t.get("backends").asInt()).as(t.toString()).isEqualTo(n);
        assertThat(t.get("backendsLow").asInt()).isLessThanOrEqualTo(n);
        assertThat(t.get("backendsHigh").asInt()).isGreaterThanOrEqualTo(n);
        for (JsonNode s : t.get("servers")) {
            assertThat(s.get("requests").asInt()).as(vip + " " + s.get("id").asText())
                    .isEqualTo(logged.get(s.get("id").asText()));
        }
    }
}
