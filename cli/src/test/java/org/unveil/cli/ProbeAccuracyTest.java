package org.unveil.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The probe's accuracy table (README): for N = 1..16 back-ends, equal weights and one at 0.2×, named by an id
 * header or only by ETag mtimes, haproxy `balance random` over nginx on loopback. Truth is haproxy's log (how many
 * servers it chose). Beside Unveil, halberd's and lbd's methods (`--method`). About four
 * minutes, so it runs only when asked: {@code -Dunveil.accuracy=true}; the table goes to target/probe-accuracy.md.
 */
class ProbeAccuracyTest {
    @TempDir
    Path dir;

    private record Row(int n, String weights, LoopbackBalancer.Id id, int truth, int count, int low, int high,
                       int probes, int halberd, boolean lbd) {
    }

    @Test
    void accuracyTable() throws Exception {
        assumeTrue(Boolean.getBoolean("unveil.accuracy"), "the accuracy table runs with -Dunveil.accuracy=true");
        List<Row> rows = new ArrayList<>();
        for (LoopbackBalancer.Id id : List.of(LoopbackBalancer.Id.HEADER, LoopbackBalancer.Id.ETAG)) {
            for (String weighting : List.of("equal", "one at 0.2x")) {
                for (int n = 1; n <= 16; n++) {
                    int[] weights = new int[n];
                    Arrays.fill(weights, 5);
                    if (weighting.startsWith("one") && n > 1) {
                        weights[n - 1] = 1;
                    }
                    Path d = Files.createDirectories(dir.resolve(id + "-" + weighting.charAt(0) + n));
                    try (LoopbackBalancer lb = LoopbackBalancer.start(d, weights, "random", id)) {
                        var r = CommandLineTest.unveil("probe", lb.url(), "--rate", "100", "--max-requests", "3000",
                                "--json");
                        assertThat(r.code()).as(r.err()).isZero();
                        JsonNode t = new ObjectMapper().readTree(r.out()).get("targets").get(0);
                        int truth = lb.logged().size(); // the servers haproxy actually chose
                        int probes = t.get("probes").asInt();
                        int halberd = method(lb.url(), "halberd", probes).get("backends").asInt();
                        boolean lbd = method(lb.url(), "lbd", probes).get("balanced").asBoolean();
                        rows.add(new Row(n, weighting, id, truth, t.get("backends").asInt(),
                                t.get("backendsLow").asInt(), t.get("backendsHigh").asInt(), probes, halberd, lbd));
                    }
                }
            }
        }
        StringBuilder md = new StringBuilder("| evidence | weights | N | Unveil | interval | probes | MDA n_N | halberd"
                + " | lbd |\n|---|---|---|---|---|---|---|---|---|\n");
        for (Row r : rows) {
            md.append(String.format("| %s | %s | %d | %d | %d-%d | %d | %d | %d | %s |%n", r.id(), r.weights(),
                    r.truth(), r.count(), r.low(), r.high(), r.probes(), mda(r.truth()), r.halberd(),
                    r.lbd() ? "yes" : "no"));
        }
        md.append(summary(rows));
        Files.writeString(Path.of("target", "probe-accuracy.md"), md);
        System.out.println(md);
        assertThat(rows).allSatisfy(r -> assertThat(r.count()).as("never more than N: %s", r)
                .isLessThanOrEqualTo(r.truth()));
    }

    /** The target of a `--method` run sending {@code probes} requests (lbd: its 50). */
    private static JsonNode method(String url, String method, int probes) throws Exception {
        var r = CommandLineTest.unveil("probe", url, "--method", method, "--rate", "100", "--max-requests",
                String.valueOf(probes), "--json");
        assertThat(r.code()).as(r.err()).isZero();
        return new ObjectMapper().readTree(r.out()).get("targets").get(0);
    }

    /** Paris traceroute's MDA budget n_N = ⌈ln(α/(N+1)) / ln(N/(N+1))⌉ at α = 0.05: where it stops having seen N. */
    private static long mda(int n) {
        return (long) Math.ceil(Math.log(0.05 / (n + 1)) / Math.log(n / (n + 1.0)));
    }

    private static String summary(List<Row> rows) {
        long exact = rows.stream().filter(r -> r.count() == r.truth()).count();
        long covered = rows.stream().filter(r -> r.low() <= r.truth() && r.truth() <= r.high()).count();
        long over = rows.stream().filter(r -> r.count() > r.truth()).count();
        long halberd = rows.stream().filter(r -> r.halberd() == r.truth()).count();
        long lbd = rows.stream().filter(r -> r.lbd() == (r.truth() > 1)).count();
        return String.format("%nruns %d: Unveil exact %d (%.3f), interval covers %d (%.3f), over N %d; halberd exact"
                + " %d (%.3f); lbd right %d (%.3f)%n", rows.size(), exact, exact / (double) rows.size(), covered,
                covered / (double) rows.size(), over, halberd, halberd / (double) rows.size(), lbd,
                lbd / (double) rows.size());
    }
}
