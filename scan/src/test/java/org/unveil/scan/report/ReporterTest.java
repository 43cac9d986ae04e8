package org.unveil.scan.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.unveil.scan.Fixtures;
import org.unveil.scan.Ipv4;
import org.unveil.scan.LabGeo;
import org.unveil.scan.geo.GeoTable;
import org.unveil.scan.ingest.Ingest;
import org.unveil.scan.store.ScanInfo;
import org.unveil.scan.store.ScanStore;

/** The report of the labelled fixture against figures worked out by hand, and against DuckDB's own read_csv. */
class ReporterTest {
    @TempDir
    Path dir;

    private ScanInfo ingest(ScanStore store, GeoTable geo, String name, String fixture, List<long[]> targets)
            throws Exception {
        long id = store.createScan(new ScanInfo(0, name, "tcp_synscan", 80, fixture, "zmap-csv", null, -1, null,
                null, null), geo);
        try (var writer = store.results(id, geo)) {
            Ingest.read(Fixtures.open(fixture), fixture, null, writer, 10);
            writer.finish();
        }
        store.addTargets(id, targets);
        return store.scan(name).orElseThrow();
    }

    private static long[] range(String first, String last) {
        return new long[] {Ipv4.parse(first), Ipv4.parse(last)};
    }

    @Test
    void figuresEqualTheHandCount() throws Exception {
        GeoTable geo = LabGeo.make(dir);
        try (ScanStore store = ScanStore.open(dir.resolve("s.duckdb"))) {
            ScanInfo scan = ingest(store, geo, "lab", "labelled.csv",
                    List.of(range("192.0.2.0", "192.0.2.255"), range("198.51.100.0", "198.51.100.15")));
            ScanReport.Scan r = Reporter.report(store, scan, geo).scan();
            // by hand from labelled.csv: .10 (twice, a repeat), .70, .130, .131, 198.51.100.5 answer; .11 and .200 reset
            assertThat(r.scanned()).isEqualTo(256 + 16);
            assertThat(r.responders()).isEqualTo(5);
            assertThat(r.hitRate()).isEqualTo(5.0 / 272);
            assertThat(r.classifications()).containsExactly(Map.entry("synack", 5L), Map.entry("rst", 2L));
            assertThat(r.countries()).containsExactly(
                    new ScanReport.Country("AA", 128L + 16, 3, 3.0 / 144),
                    new ScanReport.Country("BB", 128L, 2, 2.0 / 128));
            assertThat(r.asns()).containsExactly(
                    new ScanReport.Asn(64501L, "Lab Two, Inc.", 192L, 3, 3.0 / 192),
                    new ScanReport.Asn(64500L, "Lab One", 64L, 1, 1.0 / 64),
                    new ScanReport.Asn(null, null, 16L, 1, 1.0 / 16));
            assertThat(r.ports()).containsExactly(new ScanReport.Port(80, "http", 5));
            assertThat(r.ttl()).containsExactly(new ScanReport.Ttl(32, 1), new ScanReport.Ttl(64, 2),
                    new ScanReport.Ttl(128, 1), new ScanReport.Ttl(255, 1));
            assertThat(r.responsivePrefixes()).isEmpty();
            // by hand: Linux-like .10 and .130, Windows-like .70, .131 with MSS 536 alone, 198.51.100.5 with nothing
            assertThat(r.windows()).containsExactly(new ScanReport.Window(65160, 2), new ScanReport.Window(4128, 1),
                    new ScanReport.Window(8192, 1), new ScanReport.Window(65535, 1));
            assertThat(r.tcpOptions()).containsExactly(new ScanReport.Layout("MSS,SACK,TS,WS", 2),
                    new ScanReport.Layout("MSS", 1), new ScanReport.Layout("MSS,SACK,WS", 1),
                    new ScanReport.Layout("none", 1));
            // the store keeps one row per (address, port), with the repeat counted in responses
            try (var s = store.connection().createStatement();
                    var q = s.executeQuery("SELECT responses FROM results WHERE address = "
                            + Ipv4.parse("192.0.2.10"))) {
                q.next();
                assertThat(q.getInt(1)).isEqualTo(2);
            }
        }
    }

    @Test
    void respondersEqualDuckDbsOwnReadOfTheFile() throws Exception {
        Path csv = dir.resolve("labelled.csv");
        try (var in = Fixtures.open("labelled.csv")) {
            Files.write(csv, in.readAllBytes());
        }
        long plain;
        try (var db = DriverManager.getConnection("jdbc:duckdb:");
                var s = db.createStatement();
                var q = s.executeQuery("SELECT count(DISTINCT saddr) FROM read_csv('" + csv + "') WHERE success = 1")) {
            q.next();
            plain = q.getLong(1);
        }
        GeoTable geo = LabGeo.make(dir);
        try (ScanStore store = ScanStore.open(dir.resolve("s.duckdb"))) {
            ScanInfo scan = ingest(store, geo, "lab", "labelled.csv", List.of());
            ScanReport.Scan r = Reporter.report(store, scan, geo).scan();
            assertThat(r.responders()).isEqualTo(plain).isEqualTo(5);
            assertThat(r.scanned()).isNull();
            assertThat(r.hitRate()).isNull();
            assertThat(r.countries()).extracting(ScanReport.Country::scanned).containsOnlyNulls();
        }
    }

    /**
     * Labelled by construction: 203.0.113.0/24 answers on all 256 addresses; in 198.51.100.0/26 only the /27 at .32
     * answers, four of its addresses (.44-.47) opted out and not scanned; in 192.0.2.0/24 the /26 at .64 answers and
     * so do .0-.7, with nothing else of the /24 answering. Expected: the /24, the /27 (28 of 28 scanned answer), the
     * /26 (not its two /27s), and not the 8 addresses at .0 (a /29: too small to say).
     */
    @Test
    void fullyAnsweringPrefixesAreFlaggedAtTheirWidest() throws Exception {
        Path csv = dir.resolve("all.csv");
        StringBuilder sb = new StringBuilder("saddr\n");
        for (int i = 0; i < 256; i++) {
            sb.append("203.0.113.").append(i).append('\n');
        }
        for (int i = 32; i < 64; i++) {
            if (i < 44 || i > 47) {
                sb.append("198.51.100.").append(i).append('\n');
            }
        }
        for (int i = 64; i < 128; i++) {
            sb.append("192.0.2.").append(i).append('\n');
        }
        for (int i = 0; i < 8; i++) {
            sb.append("192.0.2.").append(i).append('\n');
        }
        Files.writeString(csv, sb);
        GeoTable geo = LabGeo.make(dir);
        try (ScanStore store = ScanStore.open(dir.resolve("s.duckdb"))) {
            long id = store.createScan(new ScanInfo(0, "all", "tcp_synscan", 80, "all.csv", "zmap-csv", null, -1,
                    null, null, null), geo);
            try (var writer = store.results(id, geo); var in = Files.newInputStream(csv)) {
                Ingest.read(in, "all.csv", null, writer, 10);
                writer.finish();
            }
            store.addTargets(id, List.of(range("192.0.2.0", "192.0.2.255"), range("198.51.100.0", "198.51.100.43"),
                    range("198.51.100.48", "198.51.100.63"), range("203.0.113.0", "203.0.113.255")));
            ScanReport.Scan r = Reporter.report(store, store.scan("all").orElseThrow(), geo).scan();
            assertThat(r.responsivePrefixes()).containsExactly("192.0.2.64/26", "198.51.100.32/27", "203.0.113.0/24");
            assertThat(r.responders()).isEqualTo(256 + 28 + 64 + 8);
            assertThat(r.countries()).first().isEqualTo(new ScanReport.Country("??", 256L, 256, 1.0));
        }
    }

    @Test
    void aNameIsUsedOnceAndTheStoreReopens() throws Exception {
        GeoTable geo = LabGeo.make(dir);
        Path file = dir.resolve("s.duckdb");
        try (ScanStore store = ScanStore.open(file)) {
            ingest(store, geo, "lab", "labelled.csv", List.of());
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> store.createScan(new ScanInfo(0, "lab",
                    "tcp_synscan", 80, null, null, null, -1, null, null, null), geo))
                    .hasMessage("the store already has a scan named 'lab'");
        }
        try (ScanStore store = ScanStore.open(file)) {
            assertThat(store.scans()).extracting(ScanInfo::name, ScanInfo::geoVersion)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple("lab", geo.version()));
        }
    }
}
