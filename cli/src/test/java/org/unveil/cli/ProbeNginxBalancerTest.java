package org.unveil.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * nginx as the L7 balancer, beside haproxy: an {@code upstream} with weights 5, 5, 5, 2 over four nginx back-ends
 * naming themselves in X-Backend, in namespaces. Truth is the balancer's own log ({@code $upstream_addr} per
 * request), checked against the back-ends' logs too: the count, every back-end's requests and their shares.
 */
class ProbeNginxBalancerTest {
    @TempDir
    Path dir;

    @Test
    void throughNginxTheCountAndEachBackEndsRequestsAreNginxsLogs() throws Exception {
        int[] weights = {5, 5, 5, 2};
        var setup = NamespaceBalancer.Setup.of(4, NamespaceBalancer.Id.HEADER).weights(weights);
        try (NamespaceBalancer lb = NamespaceBalancer.start(dir, setup)) {
            lb.clearLogs();
            var r = CommandLineTest.unveil("probe", lb.nginxL7Url(), "--rate", "100", "--tcp", "--json");
            assertThat(r.code()).as(r.err()).isZero();
            JsonNode t = new ObjectMapper().readTree(r.out()).get("targets").get(0);
            Thread.sleep(300); // nginx logs a request after its response went out
            Map<String, Integer> balancer = lb.nginxBalancerLogged();
            assertThat(balancer).as("nginx's upstream log").hasSize(4);
            assertThat(lb.logged()).as("the back-ends logged what the balancer says it sent them").isEqualTo(balancer);
            assertThat(balancer.values().stream().mapToInt(Integer::intValue).sum()).isEqualTo(t.get("responses").asInt());
            assertThat(t.get("backends").asInt()).as(t.toString()).isEqualTo(4);
            assertThat(t.get("backendsLow").asInt()).isLessThanOrEqualTo(4);
            assertThat(t.get("backendsHigh").asInt()).isGreaterThanOrEqualTo(4);
            double l1 = 0;
            for (JsonNode s : t.get("servers")) {
                String id = s.get("id").asText();
                assertThat(s.get("requests").asInt()).as(id).isEqualTo(balancer.get(id));
                double weight = weights[Integer.parseInt(id.substring(1)) - 1] / 17.0;
                assertThat(s.get("share").asDouble()).as(id).isCloseTo(weight, within(0.05));
                l1 += Math.abs(s.get("share").asDouble() - weight);
            }
            assertThat(l1).as("L1 distance of the shares from the weights").isLessThanOrEqualTo(0.1);
            System.out.printf("nginx L7: %d back-ends (interval %d-%d), %d probes, nginx's log %s, L1 %.3f%n",
                    t.get("backends").asInt(), t.get("backendsLow").asInt(), t.get("backendsHigh").asInt(),
                    t.get("probes").asInt(), balancer, l1);
            // nginx terminates TCP: one stack for the four back-ends, which one kernel cannot prove either way
            assertThat(t.get("tcp").get("stacks").asInt()).as(t.get("tcp").toString()).isEqualTo(1);
            assertThat(t.get("terminatesTcp").isNull()).isTrue();
            assertThat(t.get("countedFromTcpOnly").asBoolean()).isFalse();
        }
    }
}
