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
                tcp_window INTEGER, seen TIMESTAMPTZ, country VARCHAR, asn UINTEGER, tcp_mss INTEGER,
                tcp_wscale SMALLINT, tcp_options VARCHAR)""",
            // stores made before the TCP options were kept: the columns added at the end, where the fold puts them
            "ALTER TABLE results ADD COLUMN IF NOT EXISTS tcp_mss INTEGER",
            "ALTER TABLE results ADD COLUMN IF NOT EXISTS tcp_wscale SMALLINT",
            "ALTER TABLE results ADD COLUMN IF NOT EXISTS tcp_options VARCHAR",
            """
            CREATE TABLE IF NOT EXISTS results6(scan INTEGER NOT NULL, address UHUGEINT NOT NULL,
                address_text VARCHAR NOT NULL, port INTEGER NOT NULL, classification VARCHAR, success BOOLEAN NOT NULL,
                responses INTEGER NOT NULL, ttl SMALLINT, tcp_window INTEGER, seen TIMESTAMPTZ, country VARCHAR,
                asn UINTEGER, tcp_mss INTEGER, tcp_wscale SMALLINT, tcp_options VARCHAR)""",
            """
            CREATE TABLE IF NOT EXISTS optouts(cidr VARCHAR PRIMARY KEY, first UINTEGER NOT NULL,
                last UINTEGER NOT NULL, reason VARCHAR NOT NULL, added TIMESTAMPTZ NOT NULL)""",
            "CREATE TABLE IF NOT EXISTS geo_versions(version VARCHAR PRIMARY KEY, attribution VARCHAR, first_used TIMESTAMPTZ)");

    /**
     * The in-memory database beside the store that holds an ingest's staging tables (in memory up to the store's
     * limit, then in DuckDB's spill files, never in the store). Not DuckDB's temp schema: that one is private to a
     * connection, and the parts of a file are appended on connections of their own, in parallel.
     */
    static final String STAGE = "ATTACH IF NOT EXISTS ':memory:' AS unveil_staging";

    /** The name {@link #STAGE} attaches. */
    static final String STAGE_DB = "unveil_staging";

    /** {@code rank} bits of a file part's line number; the part's index stands above them, below {@link #FAILED}. */
    static final int PART_SHIFT = 44;

    /**
     * Where one ingest's lines land before they are folded into results, one row per line: a table of {@link #STAGE}
     * of five numbers a line, so
     * that the appender and the fold's GROUP BY handle as few values as they can. {@code key}: address << 16 | port;
     * {@code rank}: the part's index << {@link #PART_SHIFT} | the line number in the part, plus 2^50 when the line is not a success (the fold keeps the lowest);
     * {@code answer}: (TCP options + 1) << 32 | classification code << 26 | (TTL + 1) << 17 | (window + 1), 0
     * standing for null (the options packed as {@link org.unveil.scan.ingest.TcpOptions} says); {@code seen}:
     * microseconds; {@code geo}: (country index + 1) << 32 | AS number (0xffffffff: none).
     */
    static final String STAGING = """
            CREATE OR REPLACE TABLE unveil_staging.staging(key BIGINT, rank BIGINT, answer BIGINT, seen BIGINT,
                geo BIGINT)""";

    /**
     * The IPv6 lines of one ingest, as {@link #STAGING} has the IPv4 ones: the address as its decimal value (cast to
     * UHUGEINT in the fold) and its RFC 5952 text, the port apart; the other numbers packed the same way. IPv6 lines
     * are few (zmap's IPv4 modules write none), so this path keeps to clarity.
     */
    static final String STAGING6 = """
            CREATE OR REPLACE TABLE unveil_staging.staging6(address VARCHAR, text VARCHAR, port INTEGER, rank BIGINT,
                answer BIGINT, seen BIGINT, geo BIGINT)""";

    /** The geo table's country codes by index + 1. */
    static final String STAGING_COUNTRIES =
            "CREATE OR REPLACE TABLE unveil_staging.staging_countries(idx BIGINT, code VARCHAR)";

    /** The classifications met, by code. */
    static final String STAGING_CLASSES =
            "CREATE OR REPLACE TABLE unveil_staging.staging_classes(code BIGINT, name VARCHAR)";

    /** The staging tables of one ingest, dropped when it ends. */
    static final List<String> STAGING_TABLES = List.of("staging", "staging6", "staging_countries",
            "staging_classes", "staging_dups");

    /** {@code rank} at or above this: the line was not a success. */
    static final long FAILED = 1L << 50;

    /**
     * tcp_mss, tcp_wscale and tcp_options from the answer's options (o: the packed options + 1, 0 unknown): MSS and
     * shift null when absent, the layout the options present in TcpOptions.layout's order, "none" when there were
     * none, null when the file carried no options.
     */
    private static final String OPTIONS = """
            CASE WHEN f.answer >> 32 > 0 THEN nullif(((f.answer >> 32) - 1) & 131071, 0) - 1 END::INTEGER,
                CASE WHEN f.answer >> 32 > 0 THEN nullif((((f.answer >> 32) - 1) >> 17) & 31, 0) - 1 END::SMALLINT,
                CASE WHEN f.answer >> 32 > 0 THEN coalesce(nullif(concat_ws(',',
                    CASE WHEN ((f.answer >> 32) - 1) & 131071 > 0 THEN 'MSS' END,
                    CASE WHEN (((f.answer >> 32) - 1) >> 22) & 1 = 1 THEN 'SACK' END,
                    CASE WHEN (((f.answer >> 32) - 1) >> 23) & 1 = 1 THEN 'TS' END,
                    CASE WHEN (((f.answer >> 32) - 1) >> 17) & 31 > 0 THEN 'WS' END), ''), 'none') END""";

    /**
     * One row per (address, port): the first successful line if any, else the first line; {@code responses} counts
     * them all (zmap's repeats, masscan's doubles). One row per key is this fold's doing: the results table has no
     * primary key, whose index would hold every key in memory and double the file. Repeats are few (a percent or
     * two of a scan's lines), so the fold runs in three steps: the keys seen more than once ({@link #FOLD_DUPS}: a
     * GROUP BY that only counts), every other line as it is ({@link #FOLD_SINGLES}: no aggregate at all), and the
     * repeated keys' lines folded ({@link #FOLD}). On 10 M lines that is 7.7 s of CPU and 4 s wall where one GROUP
     * BY with its three arg_min took 10.4 s of CPU and 10 s wall (it ran on one thread).
     */
    static final String FOLD_DUPS = """
            CREATE OR REPLACE TABLE unveil_staging.staging_dups AS SELECT key FROM unveil_staging.staging GROUP BY key
            HAVING count(*) > 1""";

    /** The rows of the keys seen once, straight from their line. */
    static final String FOLD_SINGLES = """
            INSERT INTO results
            SELECT ?, (f.key >> 16)::UINTEGER, (f.key & 65535)::INTEGER, c.name, f.rank < %d, 1,
                (nullif((f.answer >> 17) & 511, 0) - 1)::SMALLINT, (nullif(f.answer & 131071, 0) - 1)::INTEGER,
                make_timestamp(f.seen), k.code, nullif(f.geo & 4294967295, 4294967295)::UINTEGER, %s
            FROM (SELECT * FROM unveil_staging.staging ANTI JOIN unveil_staging.staging_dups USING (key)) f
            LEFT JOIN unveil_staging.staging_classes c ON c.code = (f.answer >> 26) & 63
            LEFT JOIN unveil_staging.staging_countries k ON k.idx = f.geo >> 32""".formatted(FAILED, OPTIONS);

    /** The rows of the keys seen more than once, folded. */
    static final String FOLD = """
            INSERT INTO results
            SELECT ?, (f.key >> 16)::UINTEGER, (f.key & 65535)::INTEGER, c.name, f.rank < %d, f.responses,
                (nullif((f.answer >> 17) & 511, 0) - 1)::SMALLINT, (nullif(f.answer & 131071, 0) - 1)::INTEGER,
                make_timestamp(f.seen), k.code, nullif(f.geo & 4294967295, 4294967295)::UINTEGER, %s
            FROM (SELECT key, min(rank) AS rank, count(*)::INTEGER AS responses, arg_min(answer, rank) AS answer,
                    arg_min(seen, rank) AS seen, any_value(geo) AS geo
                FROM unveil_staging.staging SEMI JOIN unveil_staging.staging_dups USING (key) GROUP BY key) f
            LEFT JOIN unveil_staging.staging_classes c ON c.code = (f.answer >> 26) & 63
            LEFT JOIN unveil_staging.staging_countries k ON k.idx = f.geo >> 32""".formatted(FAILED, OPTIONS);

    /** {@link #FOLD} for the IPv6 lines, into results6. */
    static final String FOLD6 = """
            INSERT INTO results6
            SELECT ?, f.address::UHUGEINT, f.text, f.port, c.name, f.rank < %d, f.responses,
                (nullif((f.answer >> 17) & 511, 0) - 1)::SMALLINT, (nullif(f.answer & 131071, 0) - 1)::INTEGER,
                make_timestamp(f.seen), k.code, nullif(f.geo & 4294967295, 4294967295)::UINTEGER, %s
            FROM (SELECT address, port, any_value(text) AS text, min(rank) AS rank, count(*)::INTEGER AS responses,
                    arg_min(answer, rank) AS answer, arg_min(seen, rank) AS seen, any_value(geo) AS geo
                FROM unveil_staging.staging6 GROUP BY address, port) f
            LEFT JOIN unveil_staging.staging_classes c ON c.code = (f.answer >> 26) & 63
            LEFT JOIN unveil_staging.staging_countries k ON k.idx = f.geo >> 32""".formatted(FAILED, OPTIONS);
}
