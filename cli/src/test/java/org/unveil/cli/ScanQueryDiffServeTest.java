package org.unveil.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.unveil.cli.CommandLineTest.unveil;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `scan query`, `scan diff`, `scan report --html` and `serve`: outputs, read-only, one-line errors, exit codes. */
class ScanQueryDiffServeTest {
    @TempDir
    Path dir;

    private String store;

    @BeforeEach
    void ingest() throws IOException {
        store = dir.resolve("s.duckdb").toString();
        Path csv = dir.resolve("zmap211-synscan.csv");
        try (InputStream in = getClass().getResourceAsStream("scan/zmap211-synscan.csv")) {
            Files.copy(in, csv);
        }
        // the lab behind the file: .10, .11, .13 open on 80 of 192.0.2.0/27; .12 and .14 reset
        assertThat(unveil("scan", "ingest", csv.toString(), "--store", store, "--name", "lab", "--port", "80",
                "--targets", "192.0.2.0/27").code()).isZero();
        Path later = dir.resolve("later.csv");
        Files.writeString(later, "saddr,sport,classification,success\n192.0.2.10,80,synack,1\n"
                + "192.0.2.12,80,synack,1\n192.0.2.12,22,synack,1\n");
        assertThat(unveil("scan", "ingest", later.toString(), "--store", store, "--name", "later").code()).isZero();
    }

    @Test
    void queryWritesCsvAndJson() throws Exception {
        var csv = unveil("scan", "query", "--store", store, "SELECT s.name, count(*) AS rows, bool_or(success) AS any"
                + " FROM results r JOIN scans s ON s.id = r.scan GROUP BY 1 ORDER BY 1");
        assertThat(csv.code()).as(csv.err()).isZero();
        assertThat(csv.out()).isEqualTo("name,rows,any\nlab,5,true\nlater,3,true\n");
        var json = unveil("scan", "query", "--store", store, "--json",
                "SELECT address, port, 'a,\"b' AS t FROM results WHERE scan = 2 ORDER BY address, port");
        assertThat(json.code()).as(json.err()).isZero();
        JsonNode j = new ObjectMapper().readTree(json.out());
        assertThat(j.get("columns").toString()).isEqualTo("[\"address\",\"port\",\"t\"]");
        // 192.0.2.10 = 192 * 2^24 + 2 * 256 + 10 = 3221225994
        assertThat(j.get("rows").get(0).toString()).isEqualTo("[3221225994,80,\"a,\\\"b\"]");
        assertThat(j.get("rows")).hasSize(3);
        var quoted = unveil("scan", "query", "--store", store, "SELECT 'a,\"b' AS t");
        assertThat(quoted.out()).isEqualTo("t\n\"a,\"\"b\"\n");
    }

    @Test
    void queryIsReadOnly() throws Exception {
        for (String sql : new String[] {"DELETE FROM results", "CREATE TABLE x(a INT)",
            "COPY results TO '" + dir.resolve("out.csv") + "'", "ATTACH '" + dir.resolve("other.duckdb") + "'",
            "SELECT * FROM read_csv('/etc/passwd')", "SET enable_external_access = true"}) {
            var r = unveil("scan", "query", "--store", store, sql);
            assertThat(r.code()).as(sql).isEqualTo(ExitCode.USAGE);
            assertThat(r.err()).as(sql).startsWith("unveil: query: ").doesNotContain("Exception").hasLineCount(1);
        }
        assertThat(dir.resolve("out.csv")).doesNotExist();
        assertThat(dir.resolve("other.duckdb")).doesNotExist();
        assertThat(unveil("scan", "query", "--store", store, "SELECT count(*) AS n FROM results").out())
                .isEqualTo("n\n8\n");
        var bad = unveil("scan", "query", "--store", store, "SELEC 1");
        assertThat(bad.code()).isEqualTo(ExitCode.USAGE);
        assertThat(bad.err()).startsWith("unveil: query: Parser Error: syntax error").hasLineCount(1);
        var none = unveil("scan", "query", "--store", dir.resolve("none.duckdb").toString(), "SELECT 1");
        assertThat(none.code()).isEqualTo(ExitCode.NO_INPUT);
        assertThat(none.err()).isEqualTo("unveil: " + dir.resolve("none.duckdb") + ": no such store\n");
    }

    /** One helper opens the store for each command: the same line and exit code for the same trouble. */
    @Test
    void everyReaderSaysTheSameForAMissingStoreOrScan() throws Exception {
        String none = dir.resolve("none.duckdb").toString();
        for (String[] args : new String[][] {{"scan", "query", "--store", none, "SELECT 1"},
            {"scan", "diff", "--store", none, "lab", "later"}, {"scan", "report", "--store", none, "--scan", "lab"},
            {"serve", "--store", none, "--port", "0"}}) {
            var r = unveil(args);
            assertThat(r.code()).as(String.join(" ", args)).isEqualTo(ExitCode.NO_INPUT);
            assertThat(r.err()).as(String.join(" ", args)).isEqualTo("unveil: " + none + ": no such store\n");
        }
        assertThat(dir.resolve("none.duckdb")).doesNotExist();
        for (String[] args : new String[][] {{"scan", "diff", "--store", store, "lab", "nope"},
            {"scan", "diff", "--store", store, "nope", "lab"}, {"scan", "report", "--store", store, "--scan", "nope"}}) {
            var r = unveil(args);
            assertThat(r.code()).as(String.join(" ", args)).isEqualTo(ExitCode.NO_INPUT);
            assertThat(r.err()).as(String.join(" ", args)).isEqualTo("unveil: the store has no scan named 'nope'\n");
        }
    }

    @Test
    void diffSaysWhatAppearedAndWhatIsGone() throws Exception {
        var text = unveil("scan", "diff", "--store", store, "lab", "later");
        assertThat(text.code()).as(text.err()).isZero();
        // lab: .10 .11 .13 on 80; later: .10 on 80, .12 on 80 and 22
        assertThat(text.out()).startsWith("lab -> later: responders 3 -> 2, appeared 1, gone 2, kept 1\n")
                .contains(String.format("%-6d %-14s %10d %10d %10d %10d%n", 22, "ssh", 0, 1, 1, 0))
                .contains(String.format("%-6d %-14s %10d %10d %10d %10d%n", 80, "http", 3, 2, 1, 2));
        JsonNode j = new ObjectMapper().readTree(unveil("scan", "diff", "--store", store, "lab", "later", "--json")
                .out());
        assertThat(j.get("responders").toString())
                .isEqualTo("{\"from\":3,\"to\":2,\"appeared\":1,\"gone\":2,\"kept\":1}");
        assertThat(j.get("ports").get(1).toString()).isEqualTo(
                "{\"port\":80,\"service\":\"http\",\"from\":3,\"to\":2,\"appeared\":1,\"gone\":2}");
        var missing = unveil("scan", "diff", "--store", store, "lab", "nope");
        assertThat(missing.code()).isEqualTo(ExitCode.NO_INPUT);
        assertThat(missing.err()).isEqualTo("unveil: the store has no scan named 'nope'\n");
    }

    @Test
    void reportHtmlIsOneFileWithTheReportInside() throws Exception {
        Path html = dir.resolve("lab.html");
        var r = unveil("scan", "report", "--store", store, "--scan", "lab", "--html", html.toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).startsWith("scan lab: tcp_synscan port 80, scanned 32");
        String page = Files.readString(html);
        assertThat(page).contains("const DATA = {\"scans\":{\"scans\":[{\"name\":\"lab\"")
                .contains("\"responders\":3,\"hitRate\":0.09375").doesNotContain("/*DATA*/null")
                .doesNotContain("src=\"http").contains("Natural Earth");
        var bad = unveil("scan", "report", "--store", store, "--scan", "lab", "--html", dir.resolve("no/x.html")
                .toString());
        assertThat(bad.code()).isEqualTo(ExitCode.USAGE);
        assertThat(bad.err()).startsWith("unveil: --html: no folder").hasLineCount(1);
    }

    @Test
    void serveRefusesPlainly() {
        var none = unveil("serve", "--store", dir.resolve("none.duckdb").toString(), "--port", "0");
        assertThat(none.code()).isEqualTo(ExitCode.NO_INPUT);
        assertThat(none.err()).isEqualTo("unveil: " + dir.resolve("none.duckdb") + ": no such store\n");
        var port = unveil("serve", "--store", store, "--port", "70000");
        assertThat(port.code()).isEqualTo(ExitCode.USAGE);
        assertThat(port.err()).isEqualTo("unveil: --port 70000: not a TCP port (0 to 65535)\n");
    }
}
