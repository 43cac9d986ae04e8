package org.unveil.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The README's probe commands on `testbed/probe-lab`: four nginx back-ends behind nftables DNAT, one at two fifths
 * of the others' weight (at a fifth, a run of 95 probes misses it once in 500), each naming itself in X-Backend.
 * The count and every back-end's requests must be what the back-ends' own logs say (`probe-lab truth`).
 */
class ProbeLabScriptTest {
    private static final Path SCRIPT = Path.of("../testbed/probe-lab").toAbsolutePath().normalize();

    @Test
    void theProbeCountsTheLabsWeightedBackEndsAsTheirLogsDo() throws Exception {
        assumeTrue("root".equals(System.getProperty("user.name")), "the probe lab needs root (network namespaces)");
        for (String program : List.of("ip", "nft", "nginx", "curl")) {
            assumeTrue(run(List.of("sh", "-c", "command -v " + program)).code() == 0,
                    program + " is not installed; scripts/test installs it");
        }
        String tag = "t" + ProcessHandle.current().pid() % 100_000;
        try {
            Ran up = run(List.of("bash", SCRIPT.toString(), "up", tag, "--backends", "4", "--weights", "5,5,5,2"));
            assertThat(up.code()).as(up.out()).isZero();
            assertThat(up.out()).contains("http://203.0.113.246/ (DNAT over 4 back-ends, weights 5,5,5,2, ids header)");
            var probe = CommandLineTest.unveil("probe", "http://203.0.113.246/", "--rate", "100", "--json");
            assertThat(probe.code()).as(probe.err()).isZero();
            JsonNode t = new ObjectMapper().readTree(probe.out()).get("targets").get(0);
            // nginx writes a request's line after its response went out: wait (bounded) for the last ones
            Map<String, Integer> truth = truth(tag);
            for (int i = 0; i < 50 && sum(truth) < t.get("responses").asInt(); i++) {
                Thread.sleep(100);
                truth = truth(tag);
            }
            assertThat(truth).hasSize(4).allSatisfy((b, n) -> assertThat(n).as(b).isPositive());
            assertThat(sum(truth)).as("every response logged").isEqualTo(t.get("responses").asInt());
            assertThat(t.get("backends").asInt()).as(t.toString()).isEqualTo(4);
            assertThat(t.get("backendsLow").asInt()).isLessThanOrEqualTo(4);
            assertThat(t.get("backendsHigh").asInt()).isGreaterThanOrEqualTo(4);
            assertThat(t.get("servers")).hasSize(4);
            for (JsonNode s : t.get("servers")) {
                assertThat(s.get("requests").asInt()).as(s.get("id").asText())
                        .isEqualTo(truth.get(s.get("id").asText()));
            }
        } finally {
            run(List.of("bash", SCRIPT.toString(), "down", tag));
        }
    }

    @Test
    void overTlsAndInASecondPoolTheCountsAreTheLogs() throws Exception {
        assumeTrue("root".equals(System.getProperty("user.name")), "the probe lab needs root (network namespaces)");
        for (String program : List.of("ip", "nft", "nginx", "curl", "openssl")) {
            assumeTrue(run(List.of("sh", "-c", "command -v " + program)).code() == 0,
                    program + " is not installed; scripts/test installs it");
        }
        String tag = "u" + ProcessHandle.current().pid() % 100_000;
        try {
            Ran up = run(List.of("bash", SCRIPT.toString(), "up", tag, "--backends", "3", "--tls", "--second-pool",
                    "2"));
            assertThat(up.code()).as(up.out()).isZero();
            assertThat(up.out()).contains("http://203.0.113.242/ (second pool: DNAT over 2 back-ends, ids header)");
            // the command the script prints, run as printed, with the second pool's URL beside it
            String printed = up.out().lines().filter(l -> l.contains("./unveil probe https://")).findFirst()
                    .orElseThrow().replaceFirst("^.*\\./unveil ", "");
            List<String> args = new ArrayList<>(List.of(printed.split(" ")));
            assertThat(args).contains("--ca-cert", "--resolve", "lab.test:203.0.113.246");
            args.addAll(List.of("http://203.0.113.242/", "--rate", "100", "--json"));
            var probe = CommandLineTest.unveil(args.toArray(String[]::new));
            assertThat(probe.code()).as(probe.err()).isZero();
            JsonNode targets = new ObjectMapper().readTree(probe.out()).get("targets");
            int responses = targets.get(0).get("responses").asInt() + targets.get(1).get("responses").asInt();
            Map<String, Integer> truth = truth(tag);
            for (int i = 0; i < 50 && sum(truth) < responses; i++) {
                Thread.sleep(100);
                truth = truth(tag);
            }
            assertThat(truth).hasSize(5).allSatisfy((b, n) -> assertThat(n).as(b).isPositive());
            assertThat(sum(truth)).as("every response logged").isEqualTo(responses);
            assertThat(targets.get(0).get("url").asText()).isEqualTo("https://lab.test/");
            assertThat(targets.get(0).get("backends").asInt()).as(targets.get(0).toString()).isEqualTo(3);
            assertThat(targets.get(1).get("backends").asInt()).as(targets.get(1).toString()).isEqualTo(2);
            for (JsonNode t : targets) {
                for (JsonNode s : t.get("servers")) {
                    assertThat(s.get("requests").asInt()).as(s.get("id").asText())
                            .isEqualTo(truth.get(s.get("id").asText()));
                }
            }
            assertThat(targets.get(0).get("servers").get(0).get("evidence").toString()).contains("TLSv1.3");
        } finally {
            run(List.of("bash", SCRIPT.toString(), "down", tag));
        }
    }

    @Test
    void identicalBackEndsAreCountedFromTheirStacksWithTcp() throws Exception {
        assumeTrue("root".equals(System.getProperty("user.name")), "the probe lab needs root (network namespaces)");
        for (String program : List.of("ip", "nft", "nginx", "curl", "tcpdump")) {
            assumeTrue(run(List.of("sh", "-c", "command -v " + program)).code() == 0,
                    program + " is not installed; scripts/test installs it");
        }
        String tag = "v" + ProcessHandle.current().pid() % 100_000;
        try {
            // five stacks: TTLs 64, 128, 255, then 64 and 128 with window scale 9
            Ran up = run(List.of("bash", SCRIPT.toString(), "up", tag, "--backends", "5", "--ids", "none"));
            assertThat(up.code()).as(up.out()).isZero();
            var probe = CommandLineTest.unveil("probe", "http://203.0.113.246/", "--rate", "100", "--tcp", "--json");
            assertThat(probe.code()).as(probe.err()).isZero();
            JsonNode t = new ObjectMapper().readTree(probe.out()).get("targets").get(0);
            Map<String, Integer> truth = truth(tag);
            for (int i = 0; i < 50 && sum(truth) < t.get("responses").asInt(); i++) {
                Thread.sleep(100);
                truth = truth(tag);
            }
            assertThat(t.get("countedFromTcpOnly").asBoolean()).as(t.toString()).isTrue();
            assertThat(t.get("backends").asInt()).isEqualTo(5);
            // the script's logs name no client port: the per-stack requests are compared as a multiset
            List<Integer> seen = new ArrayList<>();
            t.get("servers").forEach(s -> seen.add(s.get("requests").asInt()));
            assertThat(seen).containsExactlyInAnyOrderElementsOf(truth.values());
        } finally {
            run(List.of("bash", SCRIPT.toString(), "down", tag));
        }
    }

    /** Requests each back-end (b1, b2, … and the second pool's s1, s2, …) logged, from `probe-lab truth`. */
    private static Map<String, Integer> truth(String tag) throws Exception {
        Map<String, Integer> truth = new HashMap<>();
        for (String line : run(List.of("bash", SCRIPT.toString(), "truth", tag)).out().strip().split("\n")) {
            String[] f = line.split(" ");
            // b1 is 198.51.100.2, b2 .6, …, s1 .130, s2 .134: the lab's /30 per back-end
            int last = Integer.parseInt(f[0].substring(f[0].lastIndexOf('.') + 1));
            truth.put(last < 128 ? "b" + (last + 2) / 4 : "s" + (last - 128 + 2) / 4, Integer.parseInt(f[1]));
        }
        return truth;
    }

    private static int sum(Map<String, Integer> m) {
        return m.values().stream().mapToInt(Integer::intValue).sum();
    }

    private record Ran(int code, String out) {
    }

    private static Ran run(List<String> command) throws Exception {
        Process p = new ProcessBuilder(new ArrayList<>(command)).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        return p.waitFor(60, TimeUnit.SECONDS) ? new Ran(p.exitValue(), out) : new Ran(-1, out);
    }
}
