package org.unveil.scan.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.unveil.scan.Ipv4;
import org.unveil.scan.LabGeo;
import org.unveil.scan.geo.GeoTable;
import org.unveil.scan.ingest.Format;
import org.unveil.scan.ingest.Ingest;
import org.unveil.scan.ingest.Response;
import org.unveil.scan.ingest.ResponseSink;
import org.unveil.scan.store.ScanInfo;
import org.unveil.scan.store.ScanStore;

/**
 * Results from IPv6 addresses in each format: stored in results6 with the country and AS of the geo table's IPv6
 * ranges, and counted in the report beside the IPv4 ones. The files are labelled by hand (LabGeo says which
 * country and AS each address lies in), so every figure below is a count of the lines as written.
 */
class Ipv6ReportTest {
    @TempDir
    Path dir;

    /**
     * zmap csv: two IPv4 responders (AA/64500, BB/64501), and IPv6: 2001:db8::1 twice (a repeat: one responder, AA,
     * AS 64500), 2001:db8:1::5 (BB, AS 64500), 2001:db8:2::9 (no country, no AS), 2001:db8::2 reset (not a responder).
     * TTLs: 60 and 120 on IPv4; 64, 64 (repeat), 250, 50 and 60 (the reset) on IPv6.
     */
    private static final String CSV = """
            saddr,sport,classification,success,repeat,ttl,window
            192.0.2.10,80,synack,1,0,60,64240
            192.0.2.130,80,synack,1,0,120,8192
            2001:db8::1,80,synack,1,0,64,28800
            2001:DB8:0:0::1,80,synack,1,1,64,28800
            2001:db8:1::5,80,synack,1,0,250,4128
            2001:db8:2::9,80,synack,1,0,50,65535
            2001:db8::2,80,rst,0,0,60,0
            """;

    /** A scan named {@code name} of the lines {@code text}, ingested as {@code format} with no bad line. */
    static ScanInfo ingest(ScanStore store, GeoTable geo, String name, String text, Format format) throws Exception {
        long id = store.createScan(new ScanInfo(0, name, "tcp_synscan", 80, name, format.label(), null, -1, null,
                null, null), geo);
        try (var writer = store.results(id, geo)) {
            Ingest.Result r = Ingest.read(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), name,
                    format, writer, 10);
            assertThat(r.badLines()).as("%s", r.problems()).isZero();
            writer.finish();
        }
        return store.scan(name).orElseThrow();
    }

    @Test
    void ipv6ResultsAreStoredEnrichedAndReported() throws Exception {
        GeoTable geo = LabGeo.make(dir);
        try (ScanStore store = ScanStore.open(dir.resolve("s.duckdb"))) {
            ScanInfo scan = ingest(store, geo, "v6", CSV, Format.ZMAP_CSV);
            List<String> rows = new ArrayList<>();
            try (var s = store.connection().createStatement();
                    var q = s.executeQuery("SELECT address::VARCHAR, address_text, port, classification, success,"
                            + " responses, ttl, tcp_window, coalesce(country, '-'), coalesce(asn::VARCHAR, '-')"
                            + " FROM results6 ORDER BY address")) {
                while (q.next()) {
                    StringBuilder sb = new StringBuilder();
                    for (int c = 1; c <= 10; c++) {
                        sb.append(c > 1 ? " " : "").append(q.getString(c));
                    }
                    rows.add(sb.toString());
                }
            }
            // the integers are 2001:db8::1 and so on as Python's ipaddress module gives them
            assertThat(rows).containsExactly(
                    "42540766411282592856903984951653826561 2001:db8::1 80 synack true 2 64 28800 AA 64500",
                    "42540766411282592856903984951653826562 2001:db8::2 80 rst false 1 60 0 AA 64500",
                    "42540766411283801782723599580828532741 2001:db8:1::5 80 synack true 1 250 4128 BB 64500",
                    "42540766411285010708543214210003238921 2001:db8:2::9 80 synack true 1 50 65535 - -");
            ScanReport.Scan r = Reporter.report(store, scan, geo).scan();
            assertThat(r.responders()).isEqualTo(2 + 3);
            assertThat(r.hitRate()).isNull(); // no targets, and none could cover IPv6
            assertThat(r.classifications()).containsExactly(Map.entry("synack", 5L), Map.entry("rst", 1L));
            assertThat(r.countries()).containsExactly(
                    new ScanReport.Country("AA", null, 2, null), // 192.0.2.10 and 2001:db8::1
                    new ScanReport.Country("BB", null, 2, null), // 192.0.2.130 and 2001:db8:1::5
                    new ScanReport.Country("??", null, 1, null));
            assertThat(r.asns()).containsExactly(
                    new ScanReport.Asn(64500L, "Lab One", null, 3, null),
                    new ScanReport.Asn(64501L, "Lab Two, Inc.", null, 1, null),
                    new ScanReport.Asn(null, null, null, 1, null));
            assertThat(r.ports()).containsExactly(new ScanReport.Port(80, "http", 5));
            assertThat(r.ttl()).containsExactly(new ScanReport.Ttl(64, 3), new ScanReport.Ttl(128, 1),
                    new ScanReport.Ttl(255, 1));
        }
    }

    @Test
    void withIpv4TargetsIpv6RespondersCountButLeaveTheirRowsWithoutARate() throws Exception {
        GeoTable geo = LabGeo.make(dir);
        try (ScanStore store = ScanStore.open(dir.resolve("s.duckdb"))) {
            ScanInfo scan = ingest(store, geo, "v6", CSV, Format.ZMAP_CSV);
            store.addTargets(scan.id(), List.of(new long[] {Ipv4.parse("192.0.2.0"), Ipv4.parse("192.0.2.255")}));
            ScanReport.Scan r = Reporter.report(store, scan, geo).scan();
            assertThat(r.scanned()).isEqualTo(256);
            assertThat(r.hitRate()).isNull();
            assertThat(r.countries()).containsExactly(new ScanReport.Country("AA", 128L, 2, null),
                    new ScanReport.Country("BB", 128L, 2, null), new ScanReport.Country("??", 0L, 1, null));
            // AS 64501 answered on IPv4 only: its rate stands
            assertThat(r.asns()).contains(new ScanReport.Asn(64501L, "Lab Two, Inc.", 192L, 1, 1.0 / 192));
        }
    }

    @Test
    void everyFormatCarriesIpv6() throws Exception {
        GeoTable geo = LabGeo.make(dir);
        String json = """
                {"saddr":"2001:db8::1","sport":443,"classification":"synack","success":1,"repeat":0,"ttl":57}
                {"saddr":"192.0.2.10","sport":443,"classification":"synack","success":1,"repeat":0,"ttl":57}
                """;
        String masscanJson = """
                [
                {"ip": "2001:db8:1::5", "timestamp": "1700000000", "ports": [ {"port": 22, "proto": "tcp", "status": "open", "reason": "syn-ack", "ttl": 64} ] }
                ,{"ip": "192.0.2.131", "timestamp": "1700000000", "ports": [ {"port": 22, "proto": "tcp", "status": "open", "reason": "syn-ack", "ttl": 64} ] }
                ]
                """;
        String masscanList = """
                #masscan
                open tcp 8080 2001:db8:2::9 1700000000
                open tcp 8080 192.0.2.130 1700000000
                # end
                """;
        String plain = "2001:db8::7\n192.0.2.11\n";
        try (ScanStore store = ScanStore.open(dir.resolve("s.duckdb"))) {
            Object[][] cases = {{"json", json, Format.ZMAP_JSON, "2001:db8::1 443 AA"},
                {"mj", masscanJson, Format.MASSCAN_JSON, "2001:db8:1::5 22 BB"},
                {"ml", masscanList, Format.MASSCAN_LIST, "2001:db8:2::9 8080 -"},
                {"plain", plain, Format.ZMAP_CSV, "2001:db8::7 0 AA"}};
            for (Object[] c : cases) {
                String text = (String) c[1];
                assertThat(Format.detect(text.lines().filter(l -> !l.isBlank()).findFirst().orElseThrow()))
                        .isEqualTo(c[2]);
                ScanInfo scan = ingest(store, geo, (String) c[0], text, (Format) c[2]);
                try (var s = store.connection().createStatement();
                        var q = s.executeQuery("SELECT address_text || ' ' || port || ' ' || coalesce(country, '-')"
                                + " FROM results6 WHERE scan = " + scan.id())) {
                    assertThat(q.next()).isTrue();
                    assertThat(q.getString(1)).as("%s", c[0]).isEqualTo(c[3]);
                    assertThat(q.next()).isFalse();
                }
                assertThat(Reporter.report(store, scan, geo).scan().responders()).as("%s", c[0]).isEqualTo(2);
            }
        }
    }

    @Test
    void aSinkForIpv4OnlyCountsIpv6LinesAsBad() throws Exception {
        List<Response> got = new ArrayList<>();
        ResponseSink ipv4Only = got::add;
        Ingest.Result r = Ingest.read(new ByteArrayInputStream(CSV.getBytes(StandardCharsets.UTF_8)), "f.csv", null,
                ipv4Only, 10);
        assertThat(got).hasSize(2);
        assertThat(r.responses()).isEqualTo(2);
        assertThat(r.badLines()).isEqualTo(5);
        assertThat(r.problems().getFirst())
                .isEqualTo("f.csv: line 4: an IPv6 address, and this destination takes IPv4 results only");
    }

    @Test
    void aReplacedScanTakesItsIpv6RowsWithIt() throws Exception {
        GeoTable geo = LabGeo.make(dir);
        try (ScanStore store = ScanStore.open(dir.resolve("s.duckdb"))) {
            ScanInfo scan = ingest(store, geo, "v6", CSV, Format.ZMAP_CSV);
            store.deleteScan(scan.id());
            try (var s = store.connection().createStatement(); var q = s.executeQuery("SELECT count(*) FROM results6")) {
                q.next();
                assertThat(q.getLong(1)).isZero();
            }
        }
    }
}
