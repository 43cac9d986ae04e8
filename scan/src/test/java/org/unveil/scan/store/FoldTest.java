package org.unveil.scan.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.unveil.scan.Fixtures;
import org.unveil.scan.LabGeo;
import org.unveil.scan.Scans;
import org.unveil.scan.geo.GeoTable;

/**
 * The fold of staged lines into one results row per (address, port), on lines made up so each stored value is known:
 * the first successful line wins (else the first line), every line counts in responses, missing values stay null,
 * country and AS are the lab table's by construction (see LabGeo), and no staging table is left behind.
 */
class FoldTest {
    @TempDir
    Path dir;

    private static final String LINES = """
            saddr,sport,classification,success,repeat,ttl,window,timestamp-ts,timestamp-us
            192.0.2.10,80,rst,0,0,60,0,1714557600,1
            192.0.2.10,80,synack,1,0,61,29200,1714557601,2
            192.0.2.10,80,synack,1,1,62,29201,1714557602,3
            192.0.2.10,443,synack,1,0,,,1714557603,4
            192.0.2.200,80,rst,0,0,250,0,1714557604,5
            192.0.2.200,80,rst,0,1,251,1,1714557605,6
            198.51.100.7,0,echoreply,1,0,50,,1714557606,7
            203.0.113.9,80,synack,1,0,128,65535,1714557607,8
            """;

    @Test
    void oneRowPerKeyWithTheFirstSuccessfulLine() throws Exception {
        GeoTable geo = LabGeo.make(dir);
        List<String> rows = new ArrayList<>();
        try (ScanStore s = ScanStore.open(dir.resolve("s.duckdb"))) {
            var done = Scans.ingest(s, geo, "f", "f.csv", Fixtures.text(LINES), null, "tcp_synscan", 80, List.of(), 10);
            assertThat(done.rows()).isEqualTo(5);
            try (var st = s.connection().createStatement();
                    ResultSet r = st.executeQuery("""
                            SELECT address, port, classification, success, responses, ttl, tcp_window,
                                epoch_us(seen), country, asn FROM results ORDER BY address, port""")) {
                while (r.next()) {
                    StringBuilder sb = new StringBuilder();
                    for (int i = 1; i <= 10; i++) {
                        sb.append(i > 1 ? "," : "").append(r.getObject(i) == null ? "-" : r.getObject(i).toString());
                    }
                    rows.add(sb.toString());
                }
            }
            try (var st = s.connection().createStatement();
                    ResultSet r = st.executeQuery("SELECT count(*) FROM duckdb_tables() WHERE temporary")) {
                r.next();
                assertThat(r.getLong(1)).isZero();
            }
        }
        // 192.0.2.10 = 3221225994, 192.0.2.200 = 3221226184, 198.51.100.7 = 3325256711, 203.0.113.9 = 3405803785
        assertThat(rows).containsExactly(
                "3221225994,80,synack,true,3,61,29200,1714557601000002,AA,64500",
                "3221225994,443,synack,true,1,-,-,1714557603000004,AA,64500",
                "3221226184,80,rst,false,2,250,0,1714557604000005,BB,64501",
                "3325256711,0,echoreply,true,1,50,-,1714557606000007,AA,-",
                "3405803785,80,synack,true,1,128,65535,1714557607000008,-,-");
    }
}
