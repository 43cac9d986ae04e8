package org.unveil.scan.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.unveil.scan.Fixtures;
import org.unveil.scan.LabGeo;
import org.unveil.scan.geo.GeoTable;
import org.unveil.scan.ingest.Format;
import org.unveil.scan.ingest.Ingest;
import org.unveil.scan.store.ScanInfo;
import org.unveil.scan.store.ScanStore;

/**
 * The report's TCP windows and option layouts against DuckDB's own read_csv of the same files, with SQL written
 * here (not the store's fold), and against counts by hand of a labelled file.
 */
class TcpLayoutTest {
    /**
     * A file in the layout of zmap's tcp_synscan in its current source (tcpopt_* fields; tcpopt_wscale is the factor
     * 2^shift). Labelled by the stacks that answer so, with their usual options: .1 and .2 Linux (MSS 1460, SACK,
     * timestamps, shift 7; .1 also on 443, and .2 repeats), .3 Windows (MSS 1460, SACK, shift 8, no timestamps),
     * .4 an old embedded stack (MSS 536 only), .5 nothing at all, .6 a reset (no options, not a responder).
     */
    private static final String ZMAP_OPTIONS = """
            saddr,sport,classification,success,repeat,ttl,window,tcpopt_mss,tcpopt_wscale,tcpopt_sack_perm,tcpopt_ts_val,tcpopt_ts_ecr
            192.0.2.1,80,synack,1,0,64,65160,1460,128,1,3735928559,0
            192.0.2.1,443,synack,1,0,64,65160,1460,128,1,3735928600,0
            192.0.2.2,80,synack,1,0,63,65160,1460,128,1,17,0
            192.0.2.2,80,synack,1,1,63,65160,1460,128,1,18,0
            192.0.2.3,80,synack,1,0,127,65535,1460,256,1,,
            192.0.2.4,80,synack,1,0,250,4128,536,,,,
            192.0.2.5,80,synack,1,0,60,8192,,,,,
            192.0.2.6,80,rst,0,0,64,0,,,,,
            """;

    @TempDir
    Path dir;

    private ScanInfo ingest(ScanStore store, GeoTable geo, String name, java.io.InputStream in, Format format)
            throws Exception {
        long id = store.createScan(new ScanInfo(0, name, "tcp_synscan", 80, name, format.label(), null, -1, null,
                null, null), geo);
        try (var writer = store.results(id, geo)) {
            Ingest.Result r = Ingest.read(in, name, format, writer, 10);
            assertThat(r.badLines()).as("%s", r.problems()).isZero();
            writer.finish();
        }
        return store.scan(name).orElseThrow();
    }

    @Test
    void windowsOfARealZmapFileEqualDuckDbsOwnCount() throws Exception {
        Path csv = dir.resolve("zmap211-synscan.csv");
        try (var in = Fixtures.open("zmap211-synscan.csv")) {
            Files.write(csv, in.readAllBytes());
        }
        List<ScanReport.Window> expected = new ArrayList<>();
        try (var db = DriverManager.getConnection("jdbc:duckdb:");
                var s = db.createStatement();
                var q = s.executeQuery("SELECT \"window\", count(DISTINCT saddr) AS n FROM read_csv('" + csv
                        + "') WHERE success = 1 GROUP BY 1 ORDER BY n DESC, 1")) {
            while (q.next()) {
                expected.add(new ScanReport.Window(q.getInt(1), q.getLong(2)));
            }
        }
        GeoTable geo = LabGeo.make(dir);
        try (ScanStore store = ScanStore.open(dir.resolve("s.duckdb"))) {
            ScanInfo scan = ingest(store, geo, "real", Files.newInputStream(csv), Format.ZMAP_CSV);
            ScanReport.Scan r = Reporter.report(store, scan, geo).scan();
            assertThat(r.windows()).isEqualTo(expected).isNotEmpty();
            assertThat(r.tcpOptions()).isEmpty(); // zmap 2.1.1 has no option fields
        }
    }

    @Test
    void layoutsEqualTheHandCountAndDuckDbsReadOfTheFile() throws Exception {
        Path csv = dir.resolve("options.csv");
        Files.writeString(csv, ZMAP_OPTIONS);
        // DuckDB alone: the layout from the raw columns, one per address (the first successful line's)
        List<ScanReport.Layout> duck = new ArrayList<>();
        try (var db = DriverManager.getConnection("jdbc:duckdb:");
                var s = db.createStatement();
                var q = s.executeQuery("""
                        WITH f AS (SELECT * FROM read_csv('%s', all_varchar = true) WHERE success = '1'),
                        l AS (SELECT saddr, coalesce(nullif(array_to_string(list_filter([
                                CASE WHEN tcpopt_mss IS NOT NULL THEN 'MSS' END,
                                CASE WHEN tcpopt_sack_perm = '1' THEN 'SACK' END,
                                CASE WHEN tcpopt_ts_val IS NOT NULL THEN 'TS' END,
                                CASE WHEN tcpopt_wscale IS NOT NULL THEN 'WS' END], x -> x IS NOT NULL), ','), ''),
                                'none') AS layout FROM f)
                        SELECT layout, count(DISTINCT saddr) AS n FROM l GROUP BY 1 ORDER BY n DESC, 1"""
                        .formatted(csv))) {
            while (q.next()) {
                duck.add(new ScanReport.Layout(q.getString(1), q.getLong(2)));
            }
        }
        GeoTable geo = LabGeo.make(dir);
        try (ScanStore store = ScanStore.open(dir.resolve("s.duckdb"))) {
            ScanInfo scan = ingest(store, geo, "opts", Files.newInputStream(csv), Format.ZMAP_CSV);
            ScanReport.Scan r = Reporter.report(store, scan, geo).scan();
            assertThat(r.tcpOptions()).isEqualTo(duck).containsExactly(
                    new ScanReport.Layout("MSS,SACK,TS,WS", 2), new ScanReport.Layout("MSS", 1),
                    new ScanReport.Layout("MSS,SACK,WS", 1), new ScanReport.Layout("none", 1));
            assertThat(r.windows()).containsExactly(new ScanReport.Window(65160, 2),
                    new ScanReport.Window(4128, 1), new ScanReport.Window(8192, 1), new ScanReport.Window(65535, 1));
            // the stored values: the MSS and the shift (zmap's factor 128 is shift 7), null where absent
            List<String> rows = new ArrayList<>();
            try (var s = store.connection().createStatement();
                    var q = s.executeQuery("SELECT address, port, coalesce(tcp_mss::VARCHAR, '-'),"
                            + " coalesce(tcp_wscale::VARCHAR, '-'), tcp_options FROM results ORDER BY 1, 2")) {
                while (q.next()) {
                    rows.add(org.unveil.scan.Ipv4.format(q.getInt(1)) + " " + q.getInt(2) + " " + q.getString(3)
                            + " " + q.getString(4) + " " + q.getString(5));
                }
            }
            assertThat(rows).containsExactly("192.0.2.1 80 1460 7 MSS,SACK,TS,WS", "192.0.2.1 443 1460 7 MSS,SACK,TS,WS",
                    "192.0.2.2 80 1460 7 MSS,SACK,TS,WS", "192.0.2.3 80 1460 8 MSS,SACK,WS", "192.0.2.4 80 536 - MSS",
                    "192.0.2.5 80 - - none", "192.0.2.6 80 - - none");
        }
    }

    @Test
    void zmapsJsonCarriesTheSameOptions() throws Exception {
        String json = """
                {"saddr":"192.0.2.1","sport":80,"classification":"synack","success":1,"window":65160,"tcpopt_mss":1460,"tcpopt_wscale":128,"tcpopt_sack_perm":1,"tcpopt_ts_val":99,"tcpopt_ts_ecr":0}
                {"saddr":"192.0.2.3","sport":80,"classification":"synack","success":1,"window":65535,"tcpopt_mss":1460,"tcpopt_wscale":256,"tcpopt_sack_perm":1,"tcpopt_ts_val":null,"tcpopt_ts_ecr":null}
                {"saddr":"192.0.2.5","sport":80,"classification":"synack","success":1,"window":8192,"tcpopt_mss":null,"tcpopt_wscale":null,"tcpopt_sack_perm":null,"tcpopt_ts_val":null,"tcpopt_ts_ecr":null}
                """;
        GeoTable geo = LabGeo.make(dir);
        try (ScanStore store = ScanStore.open(dir.resolve("s.duckdb"))) {
            ScanInfo scan = ingest(store, geo, "json", new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)),
                    Format.ZMAP_JSON);
            assertThat(Reporter.report(store, scan, geo).scan().tcpOptions()).containsExactly(
                    new ScanReport.Layout("MSS,SACK,TS,WS", 1), new ScanReport.Layout("MSS,SACK,WS", 1),
                    new ScanReport.Layout("none", 1));
        }
    }

    @Test
    void aWindowScaleThatIsNoFactorIsABadLine() throws Exception {
        String text = "saddr,window,tcpopt_wscale\n192.0.2.1,100,3\n192.0.2.2,100,4\n";
        var got = new ArrayList<org.unveil.scan.ingest.Response>();
        Ingest.Result r = Ingest.read(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), "f", null,
                got::add, 10);
        assertThat(r.problems()).containsExactly(
                "f: line 2: tcpopt_wscale 3 is not a window-scale factor (a power of two)");
        assertThat(got).singleElement().satisfies(x -> assertThat(
                org.unveil.scan.ingest.TcpOptions.layout(x.tcpOptions())).isEqualTo("WS"));
    }
}
