package org.unveil.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.unveil.cli.CommandLineTest.unveil;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The demo's scan section: the synthetic scan's truth is what its ingested report says, country by country. */
class DemoScanTest {
    @TempDir
    Path dir;

    @Test
    void theDemosScanReportEqualsTheSyntheticTruth() throws Exception {
        Path kept = dir.resolve("kept");
        var r = unveil("demo", "--keep", kept.toString(), "--report", dir.resolve("hosts.html").toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("$ unveil scan synth --targets 0.0.0.0/0 --hit-rate 0.00001 --seed 15")
                .contains("$ unveil scan ingest").contains("scan synthetic-80: tcp_synscan port 80, scanned 4294967296");
        assertThat(Files.readString(dir.resolve("unveil-demo-scan.html"))).contains("\"name\":\"synthetic-80\"");
        Map<String, long[]> truth = new HashMap<>();
        long responders = 0;
        for (String line : Files.readAllLines(kept.resolve("synthetic-truth.csv")).stream().skip(1).toList()) {
            String[] f = line.split(",");
            if (Long.parseLong(f[2]) > 0) {
                truth.put(f[0], new long[] {Long.parseLong(f[1]), Long.parseLong(f[2])});
                responders += Long.parseLong(f[2]);
            }
        }
        var json = unveil("scan", "report", "--store", kept.resolve("demo-scans.duckdb").toString(), "--scan",
                "synthetic-80", "--json");
        JsonNode scan = new ObjectMapper().readTree(json.out()).get("scan");
        assertThat(scan.get("responders").asLong()).isEqualTo(responders).isBetween(10_000L, 60_000L);
        Map<String, long[]> reported = new HashMap<>();
        scan.get("countries").forEach(c -> reported.put(c.get("country").asText(),
                new long[] {c.get("scanned").asLong(), c.get("responders").asLong()}));
        assertThat(reported).containsOnlyKeys(truth.keySet());
        truth.forEach((k, v) -> assertThat(reported.get(k)).as(k).containsExactly(v));
        // again on the kept folder: same seed, same file, and the kept store is replaced, not refused
        var again = unveil("demo", "--keep", kept.toString(), "--report", dir.resolve("hosts.html").toString());
        assertThat(again.code()).as(again.err()).isZero();
    }
}
