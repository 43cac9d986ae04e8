package org.unveil.scan.report;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.unveil.scan.Ipv4;
import org.unveil.scan.geo.GeoTable;
import org.unveil.scan.store.ScanInfo;
import org.unveil.scan.store.ScanStore;
import org.unveil.scan.store.StoreException;

/**
 * Computes a scan's report: counts in SQL over the results (a responder is an address with a successful row, counted
 * once however many ports or repeats), denominators from the scan's target ranges walked over the geo table.
 */
public final class Reporter {
    /** How many autonomous systems the report lists (most responders first). */
    public static final int TOP_ASNS = 100;
    /** A /24 is flagged as answering everywhere only when at least this many of its addresses were scanned. */
    public static final int MIN_PREFIX_SCANNED = 8;

    private Reporter() {
    }

    /** The report of {@code scan}. */
    public static ScanReport report(ScanStore store, ScanInfo scan, GeoTable geo) throws StoreException {
        return report(store.connection(), scan, geo);
    }

    /**
     * The report of {@code scan} from any store holding the tables of scan/README.md: DuckDB's, or the PostgreSQL one
     * the stream job fills. The SQL is written to mean the same in both.
     */
    public static ScanReport report(Connection db, ScanInfo scan, GeoTable geo) throws StoreException {
        try {
            List<long[]> targets = targets(db, scan.id());
            Long scanned = targets.isEmpty() ? null : targets.stream().mapToLong(r -> r[1] - r[0] + 1).sum();
            long responders = single(db, "SELECT count(DISTINCT address) FROM results WHERE scan = ? AND success",
                    scan.id());
            Map<String, Long> classes = new LinkedHashMap<>();
            query(db, "SELECT coalesce(classification, ''), count(*) FROM results WHERE scan = ? GROUP BY 1"
                    + " ORDER BY 2 DESC, 1", scan.id(), r -> classes.put(r.getString(1), r.getLong(2)));
            return new ScanReport(new ScanReport.Scan(scan.name(), scan.probe(),
                    scan.port() < 0 ? null : scan.port(), scan.started() == null ? null : scan.started().toString(),
                    scan.sent() < 0 ? null : scan.sent(), scanned, responders, rate(responders, scanned), classes,
                    countries(db, scan.id(), targets, geo), asns(db, scan.id(), targets, geo), ports(db, scan.id()),
                    ttl(db, scan.id()), prefixes(db, scan.id(), targets)),
                    scan.geoVersion(), GeoTable.ATTRIBUTION);
        } catch (SQLException e) {
            throw new StoreException("cannot read the results: " + String.valueOf(e.getMessage()).lines().findFirst().orElse(""), e);
        }
    }

    private static Double rate(long responders, Long scanned) {
        return scanned == null || scanned == 0 ? null : (double) responders / scanned;
    }

    private static List<ScanReport.Country> countries(Connection db, long scan, List<long[]> targets, GeoTable geo)
            throws SQLException {
        String[] codes = geo.countryCodes();
        long[] scannedBy = new long[codes.length + 1];
        for (long[] t : targets) {
            geo.countryCounts(t[0], t[1], scannedBy);
        }
        Map<String, Long> scannedByCode = new HashMap<>();
        for (int i = 0; i < codes.length; i++) {
            scannedByCode.put(codes[i], scannedBy[i]);
        }
        scannedByCode.put("??", scannedBy[codes.length]);
        List<ScanReport.Country> out = new ArrayList<>();
        query(db, "SELECT coalesce(country, '??'), count(DISTINCT address) FROM results WHERE scan = ? AND success"
                + " GROUP BY 1 ORDER BY 2 DESC, 1", scan, r -> {
                    Long s = targets.isEmpty() ? null : scannedByCode.getOrDefault(r.getString(1), 0L);
                    out.add(new ScanReport.Country(r.getString(1), s, r.getLong(2), rate(r.getLong(2), s)));
                });
        return out;
    }

    private static List<ScanReport.Asn> asns(Connection db, long scan, List<long[]> targets, GeoTable geo)
            throws SQLException {
        Map<Integer, Long> scannedBy = new HashMap<>();
        for (long[] t : targets) {
            geo.asnCounts(t[0], t[1], scannedBy);
        }
        List<ScanReport.Asn> out = new ArrayList<>();
        query(db, "SELECT asn, count(DISTINCT address) FROM results WHERE scan = ? AND success GROUP BY 1"
                + " ORDER BY 2 DESC, 1 NULLS LAST LIMIT " + TOP_ASNS, scan, r -> {
                    long asn = r.getLong(1);
                    boolean none = r.wasNull();
                    int key = none ? -1 : (int) asn;
                    Long s = targets.isEmpty() ? null : scannedBy.getOrDefault(key, 0L);
                    out.add(new ScanReport.Asn(none ? null : asn, none ? null : geo.org(key), s, r.getLong(2),
                            rate(r.getLong(2), s)));
                });
        return out;
    }

    private static List<ScanReport.Port> ports(Connection db, long scan) throws SQLException {
        List<ScanReport.Port> out = new ArrayList<>();
        query(db, "SELECT port, count(DISTINCT address) FROM results WHERE scan = ? AND success GROUP BY 1"
                + " ORDER BY 2 DESC, 1", scan, r -> out.add(new ScanReport.Port(r.getInt(1), Services.of(r.getInt(1)),
                r.getLong(2))));
        return out;
    }

    /** Stacks start from 32, 64, 128 or 255 and each hop takes one: the family is the next at or above. */
    private static List<ScanReport.Ttl> ttl(Connection db, long scan) throws SQLException {
        List<ScanReport.Ttl> out = new ArrayList<>();
        query(db, """
                SELECT CASE WHEN ttl <= 32 THEN 32 WHEN ttl <= 64 THEN 64 WHEN ttl <= 128 THEN 128 ELSE 255 END AS f,
                    count(DISTINCT address) FROM results WHERE scan = ? AND success AND ttl IS NOT NULL
                GROUP BY 1 ORDER BY 1""", scan, r -> out.add(new ScanReport.Ttl(r.getInt(1), r.getLong(2))));
        return out;
    }

    /** /24s where every scanned address (at least {@link #MIN_PREFIX_SCANNED}) answered: middleboxes, usually. */
    private static List<String> prefixes(Connection db, long scan, List<long[]> targets) throws SQLException {
        if (targets.isEmpty()) {
            return List.of();
        }
        List<String> out = new ArrayList<>();
        // address - address % 256, not DuckDB's //: the same integer in PostgreSQL, whose / would be DuckDB's //
        query(db, "SELECT address - address % 256, count(DISTINCT address) FROM results WHERE scan = ? AND success"
                + " GROUP BY 1 HAVING count(DISTINCT address) >= " + MIN_PREFIX_SCANNED + " ORDER BY 1", scan, r -> {
                    long first = r.getLong(1);
                    long covered = 0;
                    for (long[] t : targets) {
                        covered += Math.max(0, Math.min(t[1], first + 255) - Math.max(t[0], first) + 1);
                    }
                    if (covered == r.getLong(2)) {
                        out.add(Ipv4.format((int) first) + "/24");
                    }
                });
        return out;
    }

    private static List<long[]> targets(Connection db, long scan) throws SQLException {
        List<long[]> out = new ArrayList<>();
        query(db, "SELECT first, last FROM targets WHERE scan = ? ORDER BY first", scan,
                r -> out.add(new long[] {r.getLong(1), r.getLong(2)}));
        out.sort(Comparator.comparingLong(r -> r[0]));
        return out;
    }

    private interface Row {
        void take(ResultSet r) throws SQLException;
    }

    private static void query(Connection db, String sql, long scan, Row row) throws SQLException {
        try (PreparedStatement p = db.prepareStatement(sql)) {
            p.setLong(1, scan);
            try (ResultSet r = p.executeQuery()) {
                while (r.next()) {
                    row.take(r);
                }
            }
        }
    }

    private static long single(Connection db, String sql, long scan) throws SQLException {
        long[] value = {0};
        query(db, sql, scan, r -> value[0] = r.getLong(1));
        return value[0];
    }
}
