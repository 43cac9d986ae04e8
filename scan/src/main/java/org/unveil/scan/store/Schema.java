package org.unveil.scan.store;

import java.util.List;

/** The store's tables, documented in scan/README.md: a contract for `scan query` users. */
final class Schema {
    private Schema() {
    }

    static final List<String> CREATE = List.of(
            "CREATE SEQUENCE IF NOT EXISTS scan_ids START 1",
            """
            CREATE TABLE IF NOT EXISTS scans(id INTEGER PRIMARY KEY DEFAULT nextval('scan_ids'),
                name VARCHAR NOT NULL UNIQUE, probe VARCHAR NOT NULL, port INTEGER, source VARCHAR, format VARCHAR,
                started TIMESTAMPTZ, sent BIGINT, scanner VARCHAR, metadata VARCHAR, geo_version VARCHAR)""",
            "CREATE TABLE IF NOT EXISTS targets(scan INTEGER NOT NULL, first UINTEGER NOT NULL, last UINTEGER NOT NULL)",
            """
            CREATE TABLE IF NOT EXISTS results(scan INTEGER NOT NULL, address UINTEGER NOT NULL, port INTEGER NOT NULL,
                classification VARCHAR, success BOOLEAN NOT NULL, responses INTEGER NOT NULL, ttl SMALLINT,
                tcp_window INTEGER, seen TIMESTAMPTZ, country VARCHAR, asn UINTEGER, PRIMARY KEY(scan, address, port))""",
            """
            CREATE TABLE IF NOT EXISTS optouts(cidr VARCHAR PRIMARY KEY, first UINTEGER NOT NULL,
                last UINTEGER NOT NULL, reason VARCHAR NOT NULL, added TIMESTAMPTZ NOT NULL)""",
            "CREATE TABLE IF NOT EXISTS geo_versions(version VARCHAR PRIMARY KEY, attribution VARCHAR, first_used TIMESTAMPTZ)");

    /** Where one ingest's lines land before they are folded into results, one row per key. */
    static final String STAGING = """
            CREATE OR REPLACE TABLE staging(line BIGINT, address UINTEGER, port INTEGER, classification VARCHAR,
                success BOOLEAN, ttl SMALLINT, tcp_window INTEGER, seen BIGINT, country VARCHAR, asn UINTEGER)""";

    /**
     * One row per (address, port): the first successful line if any, else the first line; {@code responses} counts
     * them all (zmap's repeats, masscan's doubles).
     */
    static final String FOLD = """
            INSERT INTO results
            SELECT ?, address, port, arg_min(classification, rank), bool_or(success), count(*)::INTEGER,
                arg_min(ttl, rank), arg_min(tcp_window, rank), make_timestamp(arg_min(seen, rank)),
                any_value(country), any_value(asn)
            FROM (SELECT *, CASE WHEN success THEN line ELSE line + (1::BIGINT << 50) END AS rank FROM staging)
            GROUP BY address, port""";
}
