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
                    ResultSet r = st.executeQuery("SELECT count(*) FROM duckdb_tables()"
                            + " WHERE temporary OR database_name = 'unveil_staging'")) {
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

    /**
     * A file of over 12 MiB read in parts (one a core, at most three here) stores the same rows as one pass over it: every key is
     * repeated with its lines far apart (so in different parts), the first successful one, wherever it lies, wins.
     */
    @Test
    void aFileReadInPartsStoresWhatOnePassStores() throws Exception {
        GeoTable geo = LabGeo.make(dir);
        Path file = dir.resolve("big.csv");
        StringBuilder csv = new StringBuilder("saddr,sport,classification,success,repeat,ttl,window\n");
        int keys = 40_000;
        // rounds 0 to 2: each key's failures; round 3: its first success; each round its own TTL and window
        for (int round = 0; csv.length() < 3 * org.unveil.scan.ingest.Ingest.MIN_PART + 100; round++) {
            for (int k = 0; k < keys; k++) {
                boolean ok = round >= 3;
                csv.append("192.0.").append(k >> 8 & 255).append('.').append(k & 255).append(',').append(80 + k % 3)
                        .append(ok ? ",synack,1," : ",rst,0,").append(round > 3 ? 1 : 0).append(',')
                        .append(40 + round).append(',').append(ok ? 1000 + round : 0).append('\n');
            }
        }
        java.nio.file.Files.writeString(file, csv);
        List<String> onePass;
        List<String> inParts;
        try (ScanStore s = ScanStore.open(dir.resolve("one.duckdb"))) {
            Scans.ingest(s, geo, "f", "big.csv", java.nio.file.Files.newInputStream(file), null, "tcp_synscan", 80,
                    List.of(), 10);
            onePass = rows(s);
        }
        try (ScanStore s = ScanStore.open(dir.resolve("parts.duckdb"))) {
            var done = Scans.ingest(s, geo, "f", "big.csv", file, null, "tcp_synscan", 80, List.of(), 10);
            assertThat(done.read().lines()).isEqualTo(java.nio.file.Files.readAllLines(file).size());
            inParts = rows(s);
        }
        assertThat(inParts).hasSize(keys).isEqualTo(onePass);
        // each key's row is its round-3 line (the first success), seen in every one of its lines
        assertThat(inParts).allMatch(r -> r.contains(",synack,true,") && r.contains(",43,1003,"));
    }

    private static List<String> rows(ScanStore s) throws Exception {
        List<String> rows = new ArrayList<>();
        try (var st = s.connection().createStatement();
                ResultSet r = st.executeQuery("""
                        SELECT address, port, classification, success, responses, ttl, tcp_window, country, asn
                        FROM results ORDER BY address, port""")) {
            while (r.next()) {
                StringBuilder sb = new StringBuilder();
                for (int i = 1; i <= 9; i++) {
                    sb.append(i > 1 ? "," : "").append(r.getObject(i) == null ? "-" : r.getObject(i).toString());
                }
                rows.add(sb.toString());
            }
        }
        return rows;
    }

    /**
     * The staging table keeps a classification in 6 bits: 64 names are stored as they were read; a 65th is refused
     * in plain words (it once took the bits of the TCP options and came back as the first name).
     */
    @Test
    void sixtyFourClassificationsAreKeptAndASixtyFifthIsRefused() throws Exception {
        GeoTable geo = LabGeo.make(dir);
        StringBuilder csv = new StringBuilder("saddr,sport,classification,success\n");
        for (int i = 0; i < 64; i++) {
            csv.append("192.0.2.").append(i).append(",80,class").append(i).append(",1\n");
        }
        try (ScanStore s = ScanStore.open(dir.resolve("c.duckdb"))) {
            Scans.ingest(s, geo, "c", "c.csv", Fixtures.text(csv.toString()), null, "tcp_synscan", 80, List.of(), 10);
            try (var st = s.connection().createStatement();
                    ResultSet r = st.executeQuery("SELECT count(*) FROM results"
                            + " WHERE classification = 'class' || ((address & 255)::VARCHAR)")) {
                r.next();
                assertThat(r.getLong(1)).isEqualTo(64);
            }
            String more = csv + "192.0.2.64,80,class64,1\n";
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> Scans.ingest(s, geo, "d", "d.csv",
                    Fixtures.text(more), null, "tcp_synscan", 80, List.of(), 10))
                    .isInstanceOf(StoreException.class)
                    .hasMessage("more than 64 different classifications: not a scanner's results");
        }
    }
}
