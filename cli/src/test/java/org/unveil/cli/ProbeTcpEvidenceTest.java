package org.unveil.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Back-ends whose HTTP responses are identical (no id header, the same headers, page, ETag and clock) behind
 * nftables DNAT, told apart only by their TCP stacks: `--tcp` puts each connection's SYN-ACK with its response as
 * evidence, and the count must come from it, equal to the back-ends' logs, request for request (each nginx logs the
 * client port, which DNAT leaves as the probe's). The stacks differ as machines configured apart would: default TTL
 * and, past four, the receive buffer (the SYN-ACK's window scale). Behind haproxy, which terminates TCP, one stack
 * answers every connection: the probe sees one server (all it can), and says that TCP cannot tell a single server
 * from a balancer that terminates TCP.
 */
class ProbeTcpEvidenceTest {
    @TempDir
    Path dir;

    @Test
    void identicalBackEndsBehindDnatAreCountedFromTheirSynAcksAsTheirLogsSay() throws Exception {
        // six stacks: TTLs 64, 128, 255, 100, then 64 and 128 again with window scale 9; one at 2/27 of the load
        var setup = NamespaceBalancer.Setup.of(6, NamespaceBalancer.Id.NONE).weights(5, 5, 5, 5, 5, 2);
        try (NamespaceBalancer lb = NamespaceBalancer.start(dir, setup)) {
            Path csv = dir.resolve("responses.csv");
            var r = CommandLineTest.unveil("probe", lb.l4Url(), "--rate", "100", "--tcp", "--json",
                    "--responses-csv", csv.toString());
            assertThat(r.code()).as(r.err()).isZero();
            JsonNode t = new ObjectMapper().readTree(r.out()).get("targets").get(0);
            Thread.sleep(300); // nginx logs a request after its response went out
            Map<Integer, String> truth = lb.servedByPort();
            Map<String, Integer> logged = lb.logged();
            assertThat(logged.values()).as("DNAT used every back-end").allSatisfy(c -> assertThat(c).isPositive());

            assertThat(t.get("countedFromTcpOnly").asBoolean()).as(t.toString()).isTrue();
            assertThat(t.get("namedBy").asText()).contains("syn-ack");
            assertThat(t.get("backends").asInt()).as(t.toString()).isEqualTo(6);
            assertThat(t.get("backendsLow").asInt()).isLessThanOrEqualTo(6);
            assertThat(t.get("backendsHigh").asInt()).isGreaterThanOrEqualTo(6);
            assertThat(t.get("terminatesTcp").asBoolean()).as(t.get("tcp").toString()).isFalse();
            assertThat(t.get("tcp").get("why").asText()).contains("counted from these stacks alone");
            // this kernel draws each connection's timestamp offset anew: the TCP clock links nothing, and says so
            assertThat(t.get("ignored").toString()).contains("tcp clock: a clock of its own on each of");

            // every response's back-end, by its client port, is the one whose log has that port; and the reverse
            List<String> lines = Files.readAllLines(csv);
            Map<String, Set<String>> servedBy = new TreeMap<>();
            Map<String, Integer> rows = new HashMap<>();
            for (String line : lines.subList(1, lines.size())) {
                String[] f = ProbeConfidenceTest.csv(line);
                String served = truth.get(Integer.valueOf(f[4]));
                assertThat(served).as("the logs name the back-end of port %s", f[4]).isNotNull();
                assertThat(f[6]).as("every response put with a stack, named by it").startsWith("ttl ");
                assertThat(f[8]).contains("syn-ack=ttl ");
                servedBy.computeIfAbsent(f[6], s -> new TreeSet<>()).add(served);
                rows.merge(f[6], 1, Integer::sum);
            }
            assertThat(servedBy).as("each stack is one back-end").hasSize(6)
                    .allSatisfy((s, b) -> assertThat(b).as(s).hasSize(1));
            assertThat(servedBy.values().stream().map(b -> b.iterator().next()).distinct().count()).isEqualTo(6);
            for (JsonNode s : t.get("servers")) {
                String backEnd = servedBy.get(s.get("id").asText()).iterator().next();
                assertThat(s.get("requests").asInt()).as(s.get("id").asText()).isEqualTo(logged.get(backEnd))
                        .isEqualTo(rows.get(s.get("id").asText()));
            }
            assertThat(logged.values().stream().mapToInt(Integer::intValue).sum()).isEqualTo(t.get("responses").asInt());
            System.out.printf("tcp evidence: %d back-ends (interval %d-%d) from SYN-ACKs alone, %d probes; logs %s;"
                            + " per stack %s%n", t.get("backends").asInt(), t.get("backendsLow").asInt(),
                    t.get("backendsHigh").asInt(), t.get("probes").asInt(), logged, rows);

            Path html = dir.resolve("report.html");
            var text = CommandLineTest.unveil("probe", lb.l4Url(), "--rate", "100", "--tcp", "--html", html.toString());
            assertThat(text.code()).as(text.err()).isZero();
            assertThat(text.out()).contains("6 back-ends").contains("counted from TCP evidence only")
                    .contains("terminates TCP: no");
            assertThat(Files.readString(html)).contains("<b>6 back-ends</b>").contains("Counted from TCP evidence only")
                    .contains("Terminates TCP: no");

            lb.clearLogs();
            var l7 = CommandLineTest.unveil("probe", lb.l7Url(), "--rate", "100", "--tcp", "--json");
            assertThat(l7.code()).as(l7.err()).isZero();
            JsonNode h = new ObjectMapper().readTree(l7.out()).get("targets").get(0);
            // nothing differs, haproxy's own stack included: one back-end is all that can be seen, and TCP says so
            assertThat(h.get("backends").asInt()).as(h.toString()).isEqualTo(1);
            assertThat(h.get("countedFromTcpOnly").asBoolean()).isFalse();
            assertThat(h.get("tcp").get("stacks").asInt()).as(h.get("tcp").toString()).isEqualTo(1);
            assertThat(h.get("tcp").get("why").asText()).contains("a single server or a balancer that terminates TCP");
            Thread.sleep(300);
            assertThat(lb.logged().values()).as("haproxy spread the requests").filteredOn(c -> c > 0).hasSizeGreaterThan(1);
        }
    }
}
