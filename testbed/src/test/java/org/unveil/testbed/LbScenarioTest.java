package org.unveil.testbed;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs small load-balancer scenarios in namespaces and checks labels and behaviour against the captures. Skipped
 * without root or the tools; in CI (root, scripts/test installs the tools) they run.
 */
class LbScenarioTest {
    private static final int BACKENDS = 3;
    private static final int CLIENTS = 4;
    private static final int REQUESTS = 60;

    @TempDir
    Path out;

    @BeforeAll
    static void needsNamespaces() {
        NamespaceTestbed.assumeRunnable("ip", "tcpdump", "curl", "ss", "haproxy", "nginx");
    }

    private LbChecks run(String... options) throws Exception {
        List<String> all = new ArrayList<>(List.of(options));
        all.addAll(List.of("--backends", "" + BACKENDS, "--clients", "" + CLIENTS, "--requests", "" + REQUESTS));
        LbRun run = LbRun.run(out, all.toArray(String[]::new));
        assertThat(run.exitCode()).as("testbed/lb %s: %s", all, run.stderr()).isZero();
        LbChecks checks = LbChecks.load(out, BACKENDS);
        checks.everyRequestLabelledOnce(REQUESTS);
        checks.tuplesAndFirstTimesMatchCaptures();
        checks.backendsAreConfiguredAndAgreeWithResponses();
        if (NamespaceTestbed.onPath("tshark")) {
            LbChecks.tsharkAgrees(out.resolve("front.pcap"), checks.front.packets);
            LbChecks.tsharkAgrees(out.resolve("back.pcap"), checks.back.packets);
        }
        return checks;
    }

    @Test
    void haproxyRoundRobinWithBackendKeepAlive() throws Exception {
        LbChecks checks = run("--proxy", "haproxy", "--balance", "roundrobin", "--backend-keepalive", "--seed", "7");
        checks.forwardedFor(true);
        assertEvenSpread(checks.responsesPerBackend());
        assertThat(checks.requestsPerBackConnection()).as("requests per back-end connection").anyMatch(n -> n > 1);
    }

    @Test
    void haproxyStickyCookieWithoutKeepAlive() throws Exception {
        LbChecks checks = run("--proxy", "haproxy", "--balance", "cookie", "--seed", "3");
        checks.forwardedFor(true);
        assertStickyAfterFirstResponse(checks.backendsSeenByClient());
        assertThat(checks.requestsPerBackConnection()).as("requests per back-end connection").containsOnly(1);
    }

    @Test
    void nginxRoundRobin() throws Exception {
        LbChecks checks = run("--proxy", "nginx", "--balance", "roundrobin", "--seed", "11");
        checks.forwardedFor(true);
        assertEvenSpread(checks.responsesPerBackend());
        assertThat(checks.requestsPerBackConnection()).as("requests per back-end connection").containsOnly(1);
    }

    @Test
    void nginxSourceHashWithKeepAliveAndNoForwardedFor() throws Exception {
        LbChecks checks = run("--proxy", "nginx", "--balance", "source", "--backend-keepalive", "--no-xff",
                "--seed", "5");
        checks.forwardedFor(false);
        checks.backendsSeenByClient().forEach((client, seen) ->
                assertThat(seen).as("back-ends seen by %s", client).containsOnly(seen.getFirst()));
        assertThat(checks.requestsPerBackConnection()).as("requests per back-end connection").anyMatch(n -> n > 1);
    }

    @Test
    void nginxStickyCookie() throws Exception {
        LbChecks checks = run("--proxy", "nginx", "--balance", "cookie", "--seed", "9");
        checks.forwardedFor(true);
        assertStickyAfterFirstResponse(checks.backendsSeenByClient());
    }

    private static void assertStickyAfterFirstResponse(Map<String, List<String>> seen) {
        assertThat(seen).hasSize(CLIENTS);
        seen.forEach((client, ids) -> assertThat(ids.subList(1, ids.size()))
                .as("back-ends seen by %s after its first response", client).containsOnly(ids.getFirst()));
    }

    /** Round robin gives each back-end its turn: within 30 % of an even share. */
    private static void assertEvenSpread(Map<String, Integer> perBackend) {
        assertThat(perBackend).hasSize(BACKENDS);
        double even = (double) REQUESTS / BACKENDS;
        perBackend.forEach((id, n) -> assertThat((double) n).as("responses from %s", id)
                .isBetween(0.7 * even, 1.3 * even));
    }
}
