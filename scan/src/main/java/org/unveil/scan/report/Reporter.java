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
    /** How many TCP windows the report lists (most responders first). */
    public static final int TOP_WINDOWS = 50;
    /** A prefix is flagged as answering everywhere only when at least this many of its addresses were scanned. */
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
            List<String> tables = resultTables(db);
            List<long[]> targets = targets(db, scan.id());
            Long scanned = targets.isEmpty() ? null : targets.stream().mapToLong(r -> r[1] - r[0] + 1).sum();
            long responders = 0;
            long responders6 = 0;
            for (String table : tables) {
                long n = single(db, "SELECT count(DISTINCT address) FROM " + table + " WHERE scan = ? AND success",
                        scan.id());
                responders += n;
                responders6 += table.equals(RESULTS6) ? n : 0;
            }
            Map<String, Long> classes = new LinkedHashMap<>();
            for (String table : tables) {
                query(db, "SELECT coalesce(classification, ''), count(*) FROM " + table + " WHERE scan = ? GROUP BY 1",
                        scan.id(), r -> classes.merge(r.getString(1), r.getLong(2), Long::sum));
            }
            Map<String, Long> sortedClasses = new LinkedHashMap<>();
            classes.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed()
                    .thenComparing(Map.Entry.comparingByKey())).forEach(e -> sortedClasses.put(e.getKey(), e.getValue()));
            return new ScanReport(new ScanReport.Scan(scan.name(), scan.probe(),
                    scan.port() < 0 ? null : scan.port(), scan.started() == null ? null : scan.started().toString(),
                    scan.sent() < 0 ? null : scan.sent(), scanned, responders,
                    responders6 > 0 ? null : rate(responders, scanned), sortedClasses,
                    countries(db, tables, scan.id(), targets, geo), asns(db, tables, scan.id(), targets, geo),
                    ports(db, tables, scan.id()), ttl(db, tables, scan.id()), prefixes(db, scan.id(), targets),
                    windows(db, tables, scan.id()), layouts(db, tables, scan.id())),
                    scan.geoVersion(), GeoTable.ATTRIBUTION);
        } catch (SQLException e) {
            throw new StoreException("cannot read the results: " + String.valueOf(e.getMessage()).lines().findFirst().orElse(""), e);
        }
    }

    /** The most common TCP windows of the successful answers, by responders. */
    private static List<ScanReport.Window> windows(Connection db, List<String> tables, long scan)
            throws SQLException {
        List<ScanReport.Window> out = new ArrayList<>();
        for (var e : ranked(byKey(db, tables, "tcp_window", scan, " AND tcp_window IS NOT NULL"))) {
            if (out.size() == TOP_WINDOWS) {
                break;
            }
            out.add(new ScanReport.Window((int) (long) (Long) e.getKey(), e.getValue()[0]));
        }
        return out;
    }

    /** The TCP option layouts of the successful answers, by responders; none where the store has no such column. */
    private static List<ScanReport.Layout> layouts(Connection db, List<String> tables, long scan)
            throws SQLException {
        List<String> with = new ArrayList<>();
        for (String t : tables) {
            if (hasColumn(db, t, "tcp_options")) {
                with.add(t);
            }
        }
        List<ScanReport.Layout> out = new ArrayList<>();
        if (with.isEmpty()) {
            return out;
        }
        for (var e : ranked(byKey(db, with, "tcp_options", scan, " AND tcp_options IS NOT NULL"))) {
            out.add(new ScanReport.Layout((String) e.getKey(), e.getValue()[0]));
        }
        return out;
    }

    /** Whether {@code table} has {@code column}: stores opened read-only may predate it, PostgreSQL's lacks it. */
    private static boolean hasColumn(Connection db, String table, String column) throws SQLException {
        try (PreparedStatement p = db.prepareStatement(
                "SELECT count(*) FROM information_schema.columns WHERE table_name = ? AND column_name = ?")) {
            p.setString(1, table);
            p.setString(2, column);
            try (ResultSet r = p.executeQuery()) {
                return r.next() && r.getLong(1) > 0;
            }
        }
    }

    /** The IPv6 results' table (DuckDB stores only; the PostgreSQL one the stream job fills has none). */
    static final String RESULTS6 = "results6";

    /** results, and results6 where the store has it: the tables a figure sums over (their addresses never meet). */
    static List<String> resultTables(Connection db) throws SQLException {
        long[] found = {0};
        try (PreparedStatement p = db.prepareStatement(
                "SELECT count(*) FROM information_schema.tables WHERE table_name = ?")) {
            p.setString(1, RESULTS6);
            try (ResultSet r = p.executeQuery()) {
                if (r.next()) {
                    found[0] = r.getLong(1);
                }
            }
        }
        return found[0] > 0 ? List.of("results", RESULTS6) : List.of("results");
    }

    private static Double rate(long responders, Long scanned) {
        return scanned == null || scanned == 0 ? null : (double) responders / scanned;
    }

    /** Responders (and how many of them IPv6) by a key, summed over the result tables. */
    private static Map<Object, long[]> byKey(Connection db, List<String> tables, String keySql, long scan,
            String extraWhere) throws SQLException {
        Map<Object, long[]> out = new HashMap<>();
        for (String table : tables) {
            boolean v6 = table.equals(RESULTS6);
            query(db, "SELECT " + keySql + ", count(DISTINCT address) FROM " + table + " WHERE scan = ? AND success"
                    + extraWhere + " GROUP BY 1", scan, r -> {
                        Object key = r.getObject(1);
                        long[] n = out.computeIfAbsent(key instanceof Number num ? (Object) num.longValue() : key,
                                k -> new long[2]);
                        n[0] += r.getLong(2);
                        n[1] += v6 ? r.getLong(2) : 0;
                    });
        }
        return out;
    }

    /** Most responders first, then by key (nulls last). */
    private static List<Map.Entry<Object, long[]>> ranked(Map<Object, long[]> counts) {
        List<Map.Entry<Object, long[]>> list = new ArrayList<>(counts.entrySet());
        list.sort(Comparator.<Map.Entry<Object, long[]>>comparingLong(e -> -e.getValue()[0])
                .thenComparing(e -> e.getKey(), Comparator.nullsLast(Reporter::compareKeys)));
        return list;
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static int compareKeys(Object a, Object b) {
        return ((Comparable) a).compareTo(b);
    }

    private static List<ScanReport.Country> countries(Connection db, List<String> tables, long scan,
            List<long[]> targets, GeoTable geo) throws SQLException {
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
        for (var e : ranked(byKey(db, tables, "coalesce(country, '??')", scan, ""))) {
            String code = (String) e.getKey();
            long n = e.getValue()[0];
            Long s = targets.isEmpty() ? null : scannedByCode.getOrDefault(code, 0L);
            // the targets are IPv4 ranges: no denominator for IPv6 responders, so no rate where there are some
            out.add(new ScanReport.Country(code, s, n, e.getValue()[1] > 0 ? null : rate(n, s)));
        }
        return out;
    }

    private static List<ScanReport.Asn> asns(Connection db, List<String> tables, long scan, List<long[]> targets,
            GeoTable geo) throws SQLException {
        Map<Integer, Long> scannedBy = new HashMap<>();
        for (long[] t : targets) {
            geo.asnCounts(t[0], t[1], scannedBy);
        }
        List<ScanReport.Asn> out = new ArrayList<>();
        for (var e : ranked(byKey(db, tables, "asn", scan, ""))) {
            if (out.size() == TOP_ASNS) {
                break;
            }
            Long asn = (Long) e.getKey();
            int key = asn == null ? -1 : (int) (long) asn;
            long n = e.getValue()[0];
            Long s = targets.isEmpty() ? null : scannedBy.getOrDefault(key, 0L);
            out.add(new ScanReport.Asn(asn, asn == null ? null : geo.org(key), s, n,
                    e.getValue()[1] > 0 ? null : rate(n, s)));
        }
        return out;
    }

    private static List<ScanReport.Port> ports(Connection db, List<String> tables, long scan) throws SQLException {
        List<ScanReport.Port> out = new ArrayList<>();
        for (var e : ranked(byKey(db, tables, "port", scan, ""))) {
            int port = (int) (long) (Long) e.getKey();
            out.add(new ScanReport.Port(port, Services.of(port), e.getValue()[0]));
        }
        return out;
    }

    /** Stacks start from 32, 64, 128 or 255 and each hop takes one: the family is the next at or above. */
    private static List<ScanReport.Ttl> ttl(Connection db, List<String> tables, long scan) throws SQLException {
        List<ScanReport.Ttl> out = new ArrayList<>();
        Map<Object, long[]> counts = byKey(db, tables,
                "CASE WHEN ttl <= 32 THEN 32 WHEN ttl <= 64 THEN 64 WHEN ttl <= 128 THEN 128 ELSE 255 END", scan,
                " AND ttl IS NOT NULL");
        counts.entrySet().stream().sorted(Comparator.comparingLong(e -> (Long) e.getKey()))
                .forEach(e -> out.add(new ScanReport.Ttl((int) (long) (Long) e.getKey(), e.getValue()[0])));
        return out;
    }

    /** The largest prefix looked at for answering everywhere, and the smallest. */
    static final int WIDEST_PREFIX = 24;
    static final int NARROWEST_PREFIX = 27;

    /**
     * Prefixes from /24 down to /27 where every scanned address answered: middleboxes, usually (a SYN proxy, a
     * firewall answering for a block). A prefix counts when at least {@link #MIN_PREFIX_SCANNED} and at least half
     * of its addresses were scanned (opt-outs and the block list leave holes; a prefix mostly unscanned says little
     * of the rest), and all of those answered; only the widest such prefix is listed, not the ones inside it.
     * Smaller blocks are left out: 16 neighbours all answering is common on an ordinary server subnet.
     */
    private static List<String> prefixes(Connection db, long scan, List<long[]> targets) throws SQLException {
        if (targets.isEmpty()) {
            return List.of();
        }
        int step = 1 << (32 - NARROWEST_PREFIX);
        // responders by /27 (one SQL for DuckDB and PostgreSQL: address - address % 32, not DuckDB's //)
        java.util.TreeMap<Long, Long> narrow = new java.util.TreeMap<>();
        query(db, "SELECT address - address % " + step + ", count(DISTINCT address) FROM results WHERE scan = ? AND"
                + " success GROUP BY 1", scan, r -> narrow.put(r.getLong(1), r.getLong(2)));
        long[] firsts = targets.stream().mapToLong(t -> t[0]).toArray();
        List<long[]> found = new ArrayList<>(); // [first, prefix length], widest first within each /24
        for (int len = WIDEST_PREFIX; len <= NARROWEST_PREFIX; len++) {
            long size = 1L << (32 - len);
            java.util.TreeMap<Long, Long> answered = new java.util.TreeMap<>();
            narrow.forEach((first, n) -> answered.merge(first - first % size, n, Long::sum));
            for (var e : answered.entrySet()) {
                long first = e.getKey();
                long n = e.getValue();
                if (n < Math.max(MIN_PREFIX_SCANNED, size / 2) || inside(found, first)) {
                    continue;
                }
                if (scanned(targets, firsts, first, first + size - 1) == n) {
                    found.add(new long[] {first, len});
                }
            }
        }
        found.sort(Comparator.comparingLong(f -> f[0]));
        List<String> out = new ArrayList<>();
        for (long[] f : found) {
            out.add(Ipv4.format((int) f[0]) + "/" + f[1]);
        }
        return out;
    }

    /** Whether {@code first} lies in a prefix already flagged. */
    private static boolean inside(List<long[]> found, long first) {
        for (long[] f : found) {
            if (first >= f[0] && first < f[0] + (1L << (32 - f[1]))) {
                return true;
            }
        }
        return false;
    }

    /** How many addresses of [first, last] the targets (sorted, disjoint) cover. */
    private static long scanned(List<long[]> targets, long[] firsts, long first, long last) {
        int i = java.util.Arrays.binarySearch(firsts, first);
        i = i >= 0 ? i : Math.max(0, -i - 2);
        long covered = 0;
        for (; i < targets.size() && targets.get(i)[0] <= last; i++) {
            covered += Math.max(0, Math.min(targets.get(i)[1], last) - Math.max(targets.get(i)[0], first) + 1);
        }
        return covered;
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
