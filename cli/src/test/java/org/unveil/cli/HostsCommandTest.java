package org.unveil.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HostsCommandTest {
    @TempDir
    static Path dir;
    static Path capture;
    static Path labels;

    /** Two minutes of the synthetic home mix: six modelled hosts behind 192.0.2.1, with their labels. */
    @BeforeAll
    static void generate() {
        capture = dir.resolve("home.pcap");
        labels = dir.resolve("home.csv");
        var r = CommandLineTest.unveil("synth", "generate", "--mix", "home", "--seed", "5", "--duration", "2m",
                "--out", capture.toString(), "--labels", labels.toString());
        assertThat(r.code()).as(r.err()).isEqualTo(ExitCode.OK);
    }

    @Test
    void memoryTakesASizeWithinTheHeapAndJsonSaysWhetherTheResultIsApproximate() throws IOException {
        var r = CommandLineTest.unveil("hosts", capture.toString(), "--json", "--memory", "64M", "--quiet");
        assertThat(r.code()).as(r.err()).isEqualTo(ExitCode.OK);
        JsonNode address = new ObjectMapper().readTree(r.out()).get("addresses").get(0);
        assertThat(address.get("approximate").asBoolean()).as("two minutes of six hosts fit in 64 MiB").isFalse();
        assertThat(address.has("approximations")).isFalse();

        var bad = CommandLineTest.unveil("hosts", capture.toString(), "--memory", "lots");
        assertThat(bad.code()).isEqualTo(ExitCode.USAGE);
        assertThat(bad.err()).contains("--memory: 'lots' is not a size like 300K, 100M or 10G");
        var tooMuch = CommandLineTest.unveil("hosts", capture.toString(), "--memory", "64T");
        assertThat(tooMuch.code()).isEqualTo(ExitCode.USAGE);
        assertThat(tooMuch.err()).contains("is more than the JVM's heap").contains("UNVEIL_HEAP");
    }

    @Test
    void jsonKeepsTheContractsFieldsAndTheFlowsCsvItsHeader() throws IOException {
        Path flows = dir.resolve("flows.csv");
        var r = CommandLineTest.unveil("hosts", capture.toString(), "--json", "--flows-csv", flows.toString(),
                "--truth", labels.toString(), "--quiet");
        assertThat(r.code()).as(r.err()).isEqualTo(ExitCode.OK);
        JsonNode address = new ObjectMapper().readTree(r.out()).get("addresses").get(0);
        assertThat(address.get("address").asText()).isEqualTo("192.0.2.1");
        for (String field : List.of("hostCount", "hostCountLow", "hostCountHigh")) {
            assertThat(address.get(field).isInt()).as(field).isTrue();
        }
        assertThat(address.get("hostCountLow").asInt()).isLessThanOrEqualTo(address.get("hostCount").asInt());
        assertThat(address.get("hostCountHigh").asInt()).isGreaterThanOrEqualTo(address.get("hostCount").asInt());
        assertThat(address.get("truth").get("trueHostCount").asInt()).isEqualTo(6);
        long tcpLabels = Files.readAllLines(labels).stream().skip(1).filter(l -> l.split(",")[1].equals("tcp")).count();
        JsonNode tcp = address.get("truth").get("tcpFlows");
        assertThat(tcp.get("labelledFlows").asLong()).as("the labels' TCP rows").isEqualTo(tcpLabels)
                .isLessThan(address.get("truth").get("labelledFlows").asLong()); // the home mix has DNS over UDP
        assertThat(tcp.get("adjustedRandIndex").asDouble()).isBetween(-1.0, 1.0);
        JsonNode hosts = address.get("hosts");
        assertThat(hosts.size()).isEqualTo(address.get("hostCount").asInt());
        Set<String> ids = new HashSet<>();
        long flowsOfHosts = 0;
        for (JsonNode h : hosts) {
            for (String field : List.of("id", "os", "userAgents", "clockHz", "skewPpm", "flows", "packets", "bytes",
                    "firstSeen", "lastSeen")) {
                assertThat(h.has(field)).as(field).isTrue();
            }
            assertThat(h.get("userAgents").isArray()).isTrue();
            ids.add(h.get("id").asText());
            flowsOfHosts += h.get("flows").asLong();
        }
        List<String> rows = Files.readAllLines(flows);
        assertThat(rows.getFirst()).isEqualTo("first_time,proto,src,sport,dst,dport,host,confidence");
        assertThat(rows).hasSize(1 + address.get("flows").asInt());
        assertThat(flowsOfHosts).isEqualTo(address.get("flows").asLong());
        for (String row : rows.subList(1, rows.size())) {
            String[] c = row.split(",");
            assertThat(c).hasSize(8);
            assertThat(c[0]).matches("\\d+\\.\\d{6}");
            assertThat(c[2]).isEqualTo("192.0.2.1");
            assertThat(ids).contains(c[6]);
            assertThat(Double.parseDouble(c[7])).isBetween(0.0, 1.0);
        }
    }

    @Test
    void textNamesTheTruthBesideTheEstimate() {
        var r = CommandLineTest.unveil("hosts", capture.toString(), "--truth", labels.toString(), "--quiet");
        assertThat(r.code()).as(r.err()).isEqualTo(ExitCode.OK);
        assertThat(r.out()).containsPattern("192\\.0\\.2\\.1: \\d+ hosts \\(\\d+\\.\\.\\d+\\)")
                .contains("truth: 6 hosts; adjusted Rand index")
                .contains("truth, TCP flows only: adjusted Rand index");
    }

    @Test
    void badAddressesAndMissingFilesAreOneLineErrors() {
        var r = CommandLineTest.unveil("hosts", capture.toString(), "--address", "gateway");
        assertThat(r.code()).isEqualTo(ExitCode.USAGE);
        assertThat(r.err()).contains("--address: 'gateway' is not an IPv4 address");
        r = CommandLineTest.unveil("hosts", capture.toString(), "--truth", dir.resolve("none.csv").toString());
        assertThat(r.code()).isEqualTo(ExitCode.NO_INPUT);
        assertThat(r.err().strip().lines()).singleElement().asString().contains("none.csv: no such file");
        r = CommandLineTest.unveil("hosts", dir.resolve("absent.pcap").toString(), "--quiet");
        assertThat(r.code()).isEqualTo(ExitCode.NO_INPUT);
        assertThat(r.err()).doesNotContain("Exception");
    }
}
