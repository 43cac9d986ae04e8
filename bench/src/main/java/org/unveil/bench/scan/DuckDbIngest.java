package org.unveil.bench.scan;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Properties;

/**
 * The baseline of bench/scan-ingest: what a data engineer would write with DuckDB alone. Its own read_csv of the
 * zmap file and of the two geo sources (Tor's geoip, the npm asn csv), addresses turned to integers in SQL, country
 * and AS by ASOF joins on the ranges, one row per (address, port) as Unveil's store keeps, into a DuckDB file.
 * Usage: DuckDbIngest RESULTS.csv GEOIP ASN.csv STORE.duckdb (STORE must not exist). Prints the rows stored.
 */
public final class DuckDbIngest {
    private DuckDbIngest() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 4) {
            System.err.println("usage: DuckDbIngest RESULTS.csv GEOIP ASN.csv STORE.duckdb");
            System.exit(2);
        }
        Path store = Path.of(args[3]);
        if (Files.exists(store)) {
            System.err.println(store + " exists");
            System.exit(2);
        }
        try (Connection db = new org.duckdb.DuckDBDriver().connect("jdbc:duckdb:" + store.toAbsolutePath(),
                new Properties()); Statement s = db.createStatement()) {
            s.execute("""
                    CREATE TABLE geo AS SELECT * FROM read_csv('%s', header = false, comment = '#', delim = ',', auto_detect = false,
                        columns = {'first': 'UINTEGER', 'last': 'UINTEGER', 'country': 'VARCHAR'})""".formatted(args[1]));
            s.execute("""
                    CREATE TABLE asn AS SELECT * FROM read_csv('%s', header = false, delim = ',', quote = '"', escape = '"', auto_detect = false,
                        columns = {'first': 'UINTEGER', 'last': 'UINTEGER', 'asn': 'UINTEGER', 'org': 'VARCHAR'})"""
                    .formatted(args[2]));
            s.execute("""
                    CREATE TABLE results AS
                    WITH raw AS (
                        SELECT (split_part(saddr, '.', 1)::UINTEGER << 24) + (split_part(saddr, '.', 2)::UINTEGER << 16)
                                 + (split_part(saddr, '.', 3)::UINTEGER << 8) + split_part(saddr, '.', 4)::UINTEGER
                                 AS address,
                               sport AS port, classification, success::BOOLEAN AS success, ttl, "window" AS tcp_window
                        FROM read_csv('%s', header = true)),
                    folded AS (
                        SELECT address, port, arg_max(classification, success) AS classification,
                               bool_or(success) AS success, count(*)::INTEGER AS responses,
                               arg_max(ttl, success) AS ttl, arg_max(tcp_window, success) AS tcp_window
                        FROM raw GROUP BY address, port)
                    SELECT f.*, CASE WHEN f.address <= g.last AND g.country <> '??' THEN g.country END AS country,
                           CASE WHEN f.address <= a.last THEN a.asn END AS asn
                    FROM folded f
                    ASOF LEFT JOIN geo g ON f.address >= g.first
                    ASOF LEFT JOIN asn a ON f.address >= a.first""".formatted(args[0]));
            try (ResultSet r = s.executeQuery("SELECT count(*), count(country), count(asn) FROM results")) {
                r.next();
                System.out.println("rows " + r.getLong(1) + ", with a country " + r.getLong(2) + ", with an AS "
                        + r.getLong(3));
            }
        }
    }
}
