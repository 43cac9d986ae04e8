package org.unveil.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `unveil balance simulate` end to end: the JSON contract, failures, reports and usage errors. */
class BalanceSimulateCommandTest {
    @TempDir
    Path dir;

    @Test
    void jsonKeepsTheContractNamesForEverySchedulerAndSize() throws IOException {
        var r = CommandLineTest.unveil("balance", "simulate", "--synthetic", "1", "--seconds", "240", "--nodes", "3,4",
                "--schedulers", "srr,maglev", "--json");
        assertThat(r.code()).isEqualTo(ExitCode.OK);
        JsonNode results = new ObjectMapper().readTree(r.out()).get("results");
        assertThat(results).hasSize(4);
        for (JsonNode run : results) {
            assertThat(run.get("scheduler").asText()).isIn("srr", "maglev");
            assertThat(run.get("nodes").asInt()).isIn(3, 4);
            for (String period : new String[] {"full", "stable"}) {
                assertThat(run.get(period).get("peakBps").asDouble()).isPositive();
                assertThat(run.get(period).has("stddev")).isTrue();
                assertThat(run.get(period).get("peakFraction").asDouble()).isGreaterThanOrEqualTo(1.0);
            }
            assertThat(run.get("jain").asDouble()).isBetween(0.0, 1.0);
            assertThat(run.has("brokenConnections")).isTrue();
            assertThat(run.has("remappedFlows")).isTrue();
        }
    }

    @Test
    void aCrashBreaksOnlyTheDeadNodesConnectionsUnderRendezvousHashing() throws IOException {
        var r = CommandLineTest.unveil("balance", "simulate", "--synthetic", "2", "--seconds", "300", "--nodes", "4",
                "--schedulers", "rendezvous,balance", "--fail", "1@60", "--json");
        JsonNode results = new ObjectMapper().readTree(r.out()).get("results");
        JsonNode hrw = results.get(0);
        assertThat(hrw.get("brokenByFailure").asLong()).isPositive();
        // highest-random-weight moves no flow between surviving nodes
        assertThat(hrw.get("brokenByTransfer").asLong()).isZero();
        assertThat(hrw.get("remapIdeal").asDouble()).isEqualTo(0.25);
        // BALANCE's modulus changes with the node count, so flows on live nodes move too
        assertThat(results.get(1).get("brokenByTransfer").asLong()).isPositive();
    }

    @Test
    void writesTheHtmlReportAndOneChartPerRun() throws IOException {
        Path html = dir.resolve("lab.html");
        Path plots = dir.resolve("plots");
        var r = CommandLineTest.unveil("balance", "simulate", "--synthetic", "1", "--seconds", "60", "--nodes", "3",
                "--schedulers", "srr,balance", "--html", html.toString(), "--plots", plots.toString(),
                "--plot-format", "svg", "--csv", dir.resolve("runs.csv").toString());
        assertThat(r.code()).isEqualTo(ExitCode.OK);
        assertThat(Files.readString(html)).contains("<svg").contains("<td>balance</td>");
        assertThat(plots.resolve("srr-3nodes.svg")).exists();
        assertThat(plots.resolve("balance-3nodes.svg")).exists();
        assertThat(Files.readAllLines(dir.resolve("runs.csv"))).hasSize(3);
        assertThat(r.out()).contains("Peak(Bps)").contains("srr").contains("balance");
    }

    @Test
    void unknownSchedulerAndBadFailureAreUsageErrors() {
        var r = CommandLineTest.unveil("balance", "simulate", "--synthetic", "1", "--schedulers", "nope");
        assertThat(r.code()).isEqualTo(ExitCode.USAGE);
        assertThat(r.err()).contains("unknown scheduler 'nope'");
        var f = CommandLineTest.unveil("balance", "simulate", "--synthetic", "1", "--schedulers", "srr", "--fail", "two@3");
        assertThat(f.code()).isEqualTo(ExitCode.USAGE);
        assertThat(f.err()).contains("NODE@SECONDS");
    }

    @Test
    void globSettingsChangeItsControlTrafficAndBadOnesAreUsageErrors() throws IOException {
        ObjectMapper json = new ObjectMapper();
        var fast = CommandLineTest.unveil("balance", "simulate", "--synthetic", "1", "--seconds", "240", "--nodes", "4",
                "--schedulers", "glob", "--glob-poll", "2", "--json");
        var slow = CommandLineTest.unveil("balance", "simulate", "--synthetic", "1", "--seconds", "240", "--nodes", "4",
                "--schedulers", "glob", "--glob-poll", "12", "--json");
        long fastMessages = json.readTree(fast.out()).get("results").get(0).get("controlMessages").asLong();
        long slowMessages = json.readTree(slow.out()).get("results").get(0).get("controlMessages").asLong();
        // a state broadcast per node per poll: six times the polls, several times the messages
        assertThat(fastMessages).isGreaterThan(3 * slowMessages);
        var bad = CommandLineTest.unveil("balance", "simulate", "--synthetic", "1", "--glob-threshold", "0.5");
        assertThat(bad.code()).isEqualTo(ExitCode.USAGE);
        assertThat(bad.err()).contains("threshold");
    }

    @Test
    void theSameSeedGivesTheSameResults() {
        String[] args = {"balance", "simulate", "--synthetic", "5", "--seconds", "200", "--nodes", "4",
            "--schedulers", "all", "--fail", "2@50", "--join", "2@120", "--json"};
        assertThat(CommandLineTest.unveil(args).out()).isEqualTo(CommandLineTest.unveil(args).out());
    }

    @Test
    void aCaptureWithADecadesLongSilenceRunsInConstantMemory() throws IOException {
        // two packets 126 years apart: one 10 s window each, not 400 million of them
        Path file = dir.resolve("jump.pcap");
        try (var out = Files.newOutputStream(file);
                var w = new org.unveil.capture.pcap.PcapWriter(out, org.unveil.capture.LinkType.RAW, 65535)) {
            w.write(org.unveil.capture.Packet.of(org.unveil.capture.LinkType.RAW, 1_000_000_000L,
                    CommandLineTest.ipv4Tcp(0, new byte[0])));
            w.write(org.unveil.capture.Packet.of(org.unveil.capture.LinkType.RAW, 4_000_000_000_000_000_000L,
                    CommandLineTest.ipv4Tcp(1, new byte[0])));
        }
        var r = CommandLineTest.unveil("balance", "simulate", "--trace", file.toString(), "--nodes", "3",
                "--schedulers", "srr,glob", "--json");
        assertThat(r.code()).isEqualTo(ExitCode.OK);
        JsonNode results = new ObjectMapper().readTree(r.out()).get("results");
        assertThat(results.get(1).get("packets").asLong()).isEqualTo(2);
        assertThat(results.get(1).get("stable").get("stddev").isNull()).isTrue(); // no complete stable window
    }

    @Test
    void aDamagedTraceIsReportedOnceAndExitsOne() throws IOException {
        Path file = new CommandLineTest().withDir(dir).capture("cut.pcap", 5);
        byte[] bytes = Files.readAllBytes(file);
        Files.write(file, java.util.Arrays.copyOf(bytes, bytes.length - 7));
        var r = CommandLineTest.unveil("balance", "simulate", "--trace", file.toString(), "--nodes", "3,4",
                "--schedulers", "srr,lc");
        assertThat(r.code()).isEqualTo(ExitCode.DAMAGED_INPUT);
        assertThat(r.err().lines().filter(l -> l.contains("cut short")).count()).isEqualTo(1);
    }

    @Test
    void impossibleChurnAndSettingsAreUsageErrors() {
        String[] base = {"balance", "simulate", "--synthetic", "1", "--seconds", "60", "--nodes", "3",
            "--schedulers", "srr"};
        for (String[] extra : new String[][] {{"--fail", "7@0"}, {"--join", "1000@5"}, {"--fail", "1@1e300"},
            {"--seconds", "-5"}, {"--glob-threshold", "NaN"}, {"--glob-poll", "0.0000001"}}) {
            String[] args = java.util.stream.Stream.concat(java.util.Arrays.stream(base), java.util.Arrays.stream(extra))
                    .toArray(String[]::new);
            var r = CommandLineTest.unveil(args);
            assertThat(r.code()).as(String.join(" ", extra)).isEqualTo(ExitCode.USAGE);
            assertThat(r.err()).as(String.join(" ", extra)).doesNotContain("Exception");
        }
    }

    @Test
    void aMissingFlowLogIsOneLineAndExitThree() {
        var r = CommandLineTest.unveil("balance", "simulate", "--schedulers", "srr", "--flows",
                dir.resolve("none.csv").toString());
        assertThat(r.code()).isEqualTo(ExitCode.NO_INPUT);
        assertThat(r.err().strip().lines()).hasSize(1);
        assertThat(r.err()).contains("none.csv: no such file");
    }

    @Test
    void helpListsTheSchedulers() {
        var r = CommandLineTest.unveil("balance", "simulate", "--help");
        assertThat(r.code()).isEqualTo(ExitCode.OK);
        assertThat(r.out().replaceAll("\\s+", " ")).contains("Schedulers: " + String.join(", ",
                org.unveil.balance.schedulers.Schedulers.names()));
    }
}
