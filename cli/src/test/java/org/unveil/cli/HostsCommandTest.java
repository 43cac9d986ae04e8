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

    /**
     * Forty hosts without a NAT (forty client addresses, some 9,000 flows) with a budget of 1,024 flows a pass: read
     * in about twenty passes, the captures give byte for byte the text, JSON, flow rows and page of one pass over
     * them (stdin, which is read once whatever the budget, says so). The page's plots are the same too: their
     * points are far fewer than a page keeps, so none was dropped in either.
     */
    @Test
    void passesOfFewerAddressesWriteWhatOnePassWrites() throws IOException {
        Path many = dir.resolve("forty.pcap");
        var g = CommandLineTest.unveil("synth", "generate", "--nat", "none", "--hosts", "40", "--rate", "2",
                "--seed", "9", "--duration", "2m", "--max-response", "2K", "--out", many.toString(), "--labels", dir.resolve("forty.csv")
                        .toString());
        assertThat(g.code()).as(g.err()).isEqualTo(ExitCode.OK);
        for (String format : List.of("--text", "--json", "--flows-csv", "--html")) {
            String[] options = switch (format) {
                case "--json" -> new String[] {"--json"};
                case "--html" -> new String[] {"--html", "-", "-o", dir.resolve("report.txt").toString()};
                case "--flows-csv" -> new String[] {"--flows-csv", "-", "-o", dir.resolve("report.txt").toString()};
                default -> new String[0];
            };
            var passes = CommandLineTest.unveil(concat(new String[] {"hosts", many.toString(), "--memory", "1M",
                "--quiet"}, options));
            assertThat(passes.code()).as(passes.err()).isEqualTo(ExitCode.OK);
            CommandLineTest.Result once;
            java.io.InputStream stdin = System.in;
            try (java.io.InputStream in = Files.newInputStream(many)) {
                System.setIn(in);
                once = CommandLineTest.unveil(concat(new String[] {"hosts", "-", "--memory", "1M", "--quiet"},
                        options));
            } finally {
                System.setIn(stdin);
            }
            assertThat(once.code()).as(once.err()).isEqualTo(ExitCode.OK);
            assertThat(once.err()).contains("a stream is read only once");
            assertThat(passes.err()).doesNotContain("a stream is read only once")
                    .containsPattern("read in [1-9][0-9] passes, each over fewer addresses, to keep within --memory"
                            + " 1 MiB \\(1,024 flows a pass\\)");
            String written = passes.out().replace("unveil hosts forty.pcap", "unveil hosts stdin"); // page titles
            String expected = once.out();
            if (format.equals("--html")) {
                // the plots' point budget is shared by the addresses held at once, so a pass of fewer addresses
                // keeps more points of each: the pictures may be finer, the page around them is the same
                assertThat(IMAGE.matcher(written).results().count())
                        .isEqualTo(IMAGE.matcher(expected).results().count()).isGreaterThanOrEqualTo(40);
                written = IMAGE.matcher(written).replaceAll("base64,");
                expected = IMAGE.matcher(expected).replaceAll("base64,");
            }
            assertThat(written).as(format).isEqualTo(expected).hasSizeGreaterThan(40 * 60);
        }
    }

    private static final java.util.regex.Pattern IMAGE = java.util.regex.Pattern.compile("base64,[A-Za-z0-9+/=]+");

    private static String[] concat(String[] a, String[] b) {
        String[] all = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
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
