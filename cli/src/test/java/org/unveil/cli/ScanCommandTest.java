package org.unveil.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.unveil.cli.CommandLineTest.unveil;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `unveil scan …` end to end: outputs, the JSON keys of the contract, one-line errors, exit codes. */
class ScanCommandTest {
    @TempDir
    Path dir;

    private String fixture(String name) throws IOException {
        Path to = dir.resolve(name);
        try (InputStream in = getClass().getResourceAsStream("scan/" + name)) {
            Files.copy(in, to);
        }
        return to.toString();
    }

    private String store() {
        return dir.resolve("s.duckdb").toString();
    }

    @Test
    void ingestThenReportAsJsonWithTheContractsKeys() throws Exception {
        var in = unveil("scan", "ingest", fixture("zmap211-synscan.csv"), "--store", store(), "--name", "lab",
                "--port", "80", "--targets", "192.0.2.0/27");
        assertThat(in.code()).as(in.err()).isEqualTo(ExitCode.OK);
        assertThat(in.out()).isEqualTo("scan lab: 5 responses (5 address/port rows) from 6 lines of zmap-csv\n");
        var report = unveil("scan", "report", "--store", store(), "--scan", "lab", "--json");
        assertThat(report.code()).as(report.err()).isZero();
        JsonNode json = new ObjectMapper().readTree(report.out());
        List<String> top = new ArrayList<>();
        json.fieldNames().forEachRemaining(top::add);
        assertThat(top).containsExactly("scan", "geoVersion", "attribution");
        List<String> keys = new ArrayList<>();
        json.get("scan").fieldNames().forEachRemaining(keys::add);
        assertThat(keys).containsExactly("name", "probe", "port", "started", "sent", "scanned", "responders", "hitRate",
                "classifications", "countries", "asns", "ports", "ttl", "responsivePrefixes", "windows", "tcpOptions");
        JsonNode scan = json.get("scan");
        // the lab behind the file: .10, .11, .13 open on 80 of 32 addresses scanned
        assertThat(scan.get("responders").asLong()).isEqualTo(3);
        assertThat(scan.get("scanned").asLong()).isEqualTo(32);
        assertThat(scan.get("hitRate").asDouble()).isEqualTo(3.0 / 32);
        assertThat(scan.get("classifications").get("rst").asLong()).isEqualTo(2);
        assertThat(scan.get("ports").get(0).get("service").asText()).isEqualTo("http");
        // the lab's three Linux listeners answer with 64240 (65535 rounded down to a multiple of the MSS, 1460);
        // zmap 2.1.1 writes no TCP options: no layouts
        assertThat(scan.get("windows").toString()).isEqualTo("[{\"window\":64240,\"responders\":3}]");
        assertThat(scan.get("tcpOptions").toString()).isEqualTo("[]");
        assertThat(json.get("attribution").asText()).contains("CC BY 4.0").contains("CC BY-SA 4.0");
        var text = unveil("scan", "report", "--store", store(), "--scan", "lab");
        assertThat(text.out()).startsWith("scan lab: tcp_synscan port 80, scanned 32, sent -, responders 3, hit rate"
                + " 9.3750%").contains("@ip-location-db/asn").contains("\nTCP window: 64240 3\n")
                .doesNotContain("TCP options:");
    }

    @Test
    void badLinesAreListedAndExitOne() throws Exception {
        String file = fixture("zmap-damaged.csv");
        var r = unveil("scan", "ingest", file, "--store", store(), "--name", "d");
        assertThat(r.code()).isEqualTo(ExitCode.DAMAGED_INPUT);
        assertThat(r.err().lines().filter(l -> l.startsWith("unveil: " + file + ": line "))).hasSize(3);
        assertThat(r.err()).doesNotContain("Exception").doesNotContain("at org.");
    }

    @Test
    void plainErrorsAndTheirCodes() throws Exception {
        assertThat(unveil("scan", "ingest", dir.resolve("none.csv").toString(), "--store", store(), "--name", "x")
                .err()).isEqualTo("unveil: " + dir.resolve("none.csv") + ": no such file\n");
        Path junk = dir.resolve("junk.txt");
        Files.writeString(junk, "hello\n");
        var unknown = unveil("scan", "ingest", junk.toString(), "--store", store(), "--name", "x");
        assertThat(unknown.code()).isEqualTo(ExitCode.NO_INPUT);
        assertThat(unknown.err()).startsWith("unveil: " + junk + ": line 1 is not a zmap or masscan result");
        var format = unveil("scan", "ingest", junk.toString(), "--store", store(), "--name", "x", "--format", "nmap");
        assertThat(format.code()).isEqualTo(ExitCode.USAGE);
        assertThat(unveil("scan", "ingest", fixture("masscan-132.txt"), "--store", store(), "--name", "m").code())
                .isZero();
        var twice = unveil("scan", "ingest", dir.resolve("masscan-132.txt").toString(), "--store", store(), "--name",
                "m");
        assertThat(twice.code()).isEqualTo(ExitCode.USAGE);
        assertThat(twice.err()).isEqualTo("unveil: the store already has a scan named 'm'; choose another --name,"
                + " or --replace\n");
        // --replace: the old rows go, the scan is made again (same rows once, not twice)
        var replaced = unveil("scan", "ingest", dir.resolve("masscan-132.txt").toString(), "--store", store(),
                "--name", "m", "--replace");
        assertThat(replaced.code()).as(replaced.err()).isZero();
        assertThat(unveil("scan", "query", "--store", store(), "SELECT count(*) AS n FROM scans WHERE name = 'm'")
                .out()).isEqualTo("n\n1\n");
        // the store holds the rows the replacing ingest reports, once: the first ingest's are gone
        assertThat(unveil("scan", "query", "--store", store(), "SELECT count(*) AS n FROM results").out())
                .isEqualTo("n\n" + replaced.out().replaceAll("(?s).*\\((\\d+) address/port rows\\).*", "$1")
                        .strip() + "\n");
        var missing = unveil("scan", "report", "--store", store(), "--scan", "nope");
        assertThat(missing.code()).isEqualTo(ExitCode.NO_INPUT);
        assertThat(missing.err()).isEqualTo("unveil: the store has no scan named 'nope'\n");
    }

    @Test
    void runRefusesAnythingOutsideAnAllowedLabBeforeStartingZmap() {
        var r = unveil("scan", "run", "--store", store(), "--name", "x", "--port", "80", "--zmap", "/nonexistent",
                "8.8.8.0/24");
        assertThat(r.code()).isEqualTo(ExitCode.USAGE);
        assertThat(r.err()).isEqualTo("unveil: refused: target 8.8.8.0/24 is not inside a range allowed with"
                + " --allow-lab; this version scans lab ranges only (192.0.2.0/24, 198.51.100.0/24, 203.0.113.0/24)\n");
        var wide = unveil("scan", "run", "--store", store(), "--name", "x", "--port", "80", "--zmap", "/nonexistent",
                "--allow-lab", "0.0.0.0/0", "10.0.0.0/8");
        assertThat(wide.code()).isEqualTo(ExitCode.USAGE);
        assertThat(wide.err()).startsWith("unveil: refused: --allow-lab 0.0.0.0/0: only the documentation ranges");
        var noZmap = unveil("scan", "run", "--store", store(), "--name", "x", "--port", "80", "--zmap", "/nonexistent",
                "--allow-lab", "192.0.2.0/24", "192.0.2.0/28");
        assertThat(noZmap.code()).isEqualTo(ExitCode.SCANNER);
        assertThat(noZmap.err()).isEqualTo("unveil: cannot run /nonexistent (is zmap installed? apt-get install zmap)\n");
        var unseeded = unveil("scan", "run", "--store", store(), "--name", "x", "--port", "80", "--zmap", "/nonexistent",
                "--allow-lab", "192.0.2.0/24", "--shards", "2", "192.0.2.0/28");
        assertThat(unseeded.code()).isEqualTo(ExitCode.USAGE);
        assertThat(unseeded.err()).startsWith("unveil: --shards 2 needs --seed: every shard must walk the same");
        var bandwidth = unveil("scan", "run", "--store", store(), "--name", "x", "--port", "80", "--zmap",
                "/nonexistent", "--allow-lab", "192.0.2.0/24", "--bandwidth", "fast", "192.0.2.0/28");
        assertThat(bandwidth.code()).isEqualTo(ExitCode.USAGE);
        assertThat(bandwidth.err()).isEqualTo("unveil: --bandwidth 'fast' is not bits a second (10000000, 10M, 1G)\n");
    }

    @Test
    void optoutsAddListRemove() {
        assertThat(unveil("scan", "optout", "add", "198.51.100.0/28", "--reason", "owner asked", "--store", store())
                .out()).isEqualTo("opted out: 198.51.100.0/28\n");
        var list = unveil("scan", "optout", "list", "--store", store());
        assertThat(list.out().lines().toList()).hasSize(2).first().isEqualTo("cidr\tadded\treason");
        assertThat(list.out()).contains("198.51.100.0/28\t").endsWith("\towner asked\n");
        var bad = unveil("scan", "optout", "add", "198.51.100.1/28", "--reason", "x", "--store", store());
        assertThat(bad.code()).isEqualTo(ExitCode.USAGE);
        assertThat(bad.err()).isEqualTo("unveil: '198.51.100.1/28' has host bits set; did you mean 198.51.100.0/28?\n");
        assertThat(unveil("scan", "optout", "remove", "198.51.100.0/28", "--store", store()).code()).isZero();
        assertThat(unveil("scan", "optout", "remove", "198.51.100.0/28", "--store", store()).code())
                .isEqualTo(ExitCode.NO_INPUT);
    }

    @Test
    void geoUpdateWritesATableTheReportUses() throws Exception {
        Path geoip = dir.resolve("geoip");
        Files.writeString(geoip, "# Generated: test\n3221225984,3221226239,AA\n");
        Path asn = dir.resolve("asn.csv");
        Files.writeString(asn, "192.0.2.0,192.0.2.255,64500,Lab\n");
        Path out = dir.resolve("t.geo");
        var r = unveil("scan", "geo", "update", geoip.toString(), asn.toString(), "--out", out.toString());
        assertThat(r.code()).as(r.err()).isZero();
        unveil("scan", "ingest", fixture("zmap211-synscan.csv"), "--store", store(), "--name", "g", "--geo",
                out.toString());
        var report = unveil("scan", "report", "--store", store(), "--scan", "g", "--geo", out.toString());
        assertThat(report.out()).contains("AA ").contains("64500      Lab");
        Path asn2 = dir.resolve("asn2.csv");
        Files.writeString(asn2, "198.51.100.0,198.51.100.255,64501,Lab2\n");
        var twice = unveil("scan", "geo", "update", geoip.toString(), asn.toString(), asn2.toString(), "--out",
                out.toString());
        assertThat(twice.code()).isEqualTo(ExitCode.USAGE);
        assertThat(twice.err()).isEqualTo("unveil: scan geo update: " + asn + " and " + asn2
                + " hold the same kind of data (IPv4 AS files): give one of each\n");
        var noCountry = unveil("scan", "geo", "update", asn.toString(), "--out", out.toString());
        assertThat(noCountry.code()).isEqualTo(ExitCode.USAGE);
        assertThat(noCountry.err()).contains("no country file among " + asn);
        Path bad = dir.resolve("bad");
        Files.writeString(bad, "1,2,3,4,5\n");
        var broken = unveil("scan", "geo", "update", bad.toString(), "--out", out.toString());
        assertThat(broken.code()).isEqualTo(ExitCode.NO_INPUT);
        assertThat(broken.err()).startsWith("unveil: " + bad + ": not a geo source");
    }

    /** geoip6 and an IPv6 AS csv in the update: an IPv6 zmap file ingested with that table gets its country. */
    @Test
    void geoUpdateTakesTheIpv6FilesAndIngestUsesThem() throws Exception {
        Path geoip = dir.resolve("geoip");
        Files.writeString(geoip, "3221225984,3221226239,AA\n");
        Path geoip6 = dir.resolve("geoip6");
        Files.writeString(geoip6, "# Generated: six\n2001:db8::,2001:db8:0:ffff:ffff:ffff:ffff:ffff,BB\n");
        Path asn6 = dir.resolve("asn6.csv");
        Files.writeString(asn6, "2001:db8::,2001:db8:0:ffff:ffff:ffff:ffff:ffff,64511,Six Lab\n");
        Path out = dir.resolve("t.geo");
        var r = unveil("scan", "geo", "update", asn6.toString(), geoip6.toString(), geoip.toString(), "--out",
                out.toString());
        assertThat(r.code()).as(r.err()).isZero();
        Path csv = dir.resolve("v6.csv");
        Files.writeString(csv, "saddr,sport,classification,success,repeat,ttl,window\n"
                + "2001:db8::1,80,synack,1,0,57,64800\n192.0.2.7,80,synack,1,0,57,64800\n");
        var in = unveil("scan", "ingest", csv.toString(), "--store", store(), "--name", "v6", "--geo", out.toString());
        assertThat(in.code()).as(in.err()).isZero();
        var report = unveil("scan", "report", "--store", store(), "--scan", "v6", "--geo", out.toString(), "--json");
        assertThat(report.out().replaceAll("\\s", "")).contains("{\"country\":\"AA\",\"scanned\":null,\"responders\":1,\"hitRate\":null}")
                .contains("{\"country\":\"BB\",\"scanned\":null,\"responders\":1,\"hitRate\":null}")
                .contains("\"asn\":64511,\"org\":\"SixLab\"");
        var q = unveil("scan", "query", "--store", store(), "SELECT address_text, country, asn FROM results6");
        assertThat(q.out()).isEqualTo("address_text,country,asn\n2001:db8::1,BB,64511\n");
    }
}
