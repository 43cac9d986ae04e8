package org.unveil.scan.report;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.unveil.scan.store.ScanInfo;
import org.unveil.scan.store.ScanStore;
import org.unveil.scan.store.StoreException;

/**
 * `scan diff A B`: which responders appeared in B and which are gone since A, overall (addresses), per port
 * ((address, port) pairs) and per country and AS (of the scan the address answered in). JSON keys are a contract,
 * documented in scan/README.md.
 */
public record ScanDiff(String from, String to, Change responders, List<PortChange> ports, List<GroupChange> countries,
        List<GroupChange> asns) {

    /** Responders in each scan and how they moved. */
    public record Change(long from, long to, long appeared, long gone, long kept) {
    }

    /** The same on one port: counted in addresses answering on it. */
    public record PortChange(int port, String service, long from, long to, long appeared, long gone) {
    }

    /** Appeared and gone addresses of one country ("??" unknown) or AS (key null where none announces it). */
    public record GroupChange(String key, long appeared, long gone) {
    }

    /**
     * Each side's successful (address, port) pairs with the country and AS they answered from, IPv4 and IPv6
     * together: an IPv6 address widened beside the IPv4 ones, {@code v6} keeping the two apart where the numbers
     * meet. %s is the results the store holds: its IPv4 table, and its IPv6 one where it has one.
     */
    private static final String SIDES = """
            WITH r AS (%s),
                 a AS (SELECT v6, address, port, any_value(country) AS country, any_value(asn) AS asn FROM r
                       WHERE scan = ? AND success GROUP BY v6, address, port),
                 b AS (SELECT v6, address, port, any_value(country) AS country, any_value(asn) AS asn FROM r
                       WHERE scan = ? AND success GROUP BY v6, address, port)
            """;
    private static final String IPV4 = "SELECT scan, false AS v6, address::UHUGEINT AS address, port, success, country,"
            + " asn FROM results";
    private static final String IPV6 = " UNION ALL SELECT scan, true, address, port, success, country, asn FROM "
            + Reporter.RESULTS6;

    /** Compares scan {@code from} (the earlier) with {@code to}. */
    public static ScanDiff compare(ScanStore store, ScanInfo from, ScanInfo to) throws StoreException {
        try {
            String sides = SIDES.formatted(Reporter.resultTables(store.connection()).contains(Reporter.RESULTS6)
                    ? IPV4 + IPV6 : IPV4);
            Change overall = null;
            try (ResultSet r = run(store, from, to, sides + """
                    , aa AS (SELECT DISTINCT v6, address FROM a), ba AS (SELECT DISTINCT v6, address FROM b)
                    SELECT (SELECT count(*) FROM aa), (SELECT count(*) FROM ba),
                        (SELECT count(*) FROM ba ANTI JOIN aa USING (v6, address)),
                        (SELECT count(*) FROM aa ANTI JOIN ba USING (v6, address)),
                        (SELECT count(*) FROM aa SEMI JOIN ba USING (v6, address))""")) {
                r.next();
                overall = new Change(r.getLong(1), r.getLong(2), r.getLong(3), r.getLong(4), r.getLong(5));
            }
            List<PortChange> ports = new ArrayList<>();
            try (ResultSet r = run(store, from, to, sides + """
                    SELECT port, count(a.address), count(b.address), count(*) FILTER (a.address IS NULL),
                        count(*) FILTER (b.address IS NULL)
                    FROM a FULL JOIN b USING (v6, address, port) GROUP BY port ORDER BY port""")) {
                while (r.next()) {
                    ports.add(new PortChange(r.getInt(1), Services.of(r.getInt(1)), r.getLong(2), r.getLong(3),
                            r.getLong(4), r.getLong(5)));
                }
            }
            return new ScanDiff(from.name(), to.name(), overall, ports,
                    groups(store, sides, from, to, "coalesce(country, '??')"), groups(store, sides, from, to, "asn"));
        } catch (SQLException e) {
            throw new StoreException("cannot compare the scans: " + String.valueOf(e.getMessage()).lines()
                    .findFirst().orElse(""), e);
        }
    }

    /** Addresses (not pairs) appeared and gone, grouped by {@code key} of the side they answered in. */
    private static List<GroupChange> groups(ScanStore store, String sides, ScanInfo from, ScanInfo to, String key)
            throws SQLException {
        List<GroupChange> out = new ArrayList<>();
        try (ResultSet r = run(store, from, to, sides + """
                , aa AS (SELECT v6, address, any_value(%1$s) AS k FROM a GROUP BY v6, address),
                  ba AS (SELECT v6, address, any_value(%1$s) AS k FROM b GROUP BY v6, address),
                  up AS (SELECT k, count(*) AS n FROM ba ANTI JOIN aa USING (v6, address) GROUP BY k),
                  down AS (SELECT k, count(*) AS n FROM aa ANTI JOIN ba USING (v6, address) GROUP BY k)
                SELECT k, coalesce(up.n, 0), coalesce(down.n, 0) FROM up FULL JOIN down USING (k)
                ORDER BY coalesce(up.n, 0) + coalesce(down.n, 0) DESC, k NULLS LAST""".formatted(key))) {
            while (r.next()) {
                out.add(new GroupChange(r.getString(1), r.getLong(2), r.getLong(3)));
            }
        }
        return out;
    }

    private static ResultSet run(ScanStore store, ScanInfo from, ScanInfo to, String sql) throws SQLException {
        PreparedStatement p = store.connection().prepareStatement(sql);
        p.setLong(1, from.id());
        p.setLong(2, to.id());
        p.closeOnCompletion();
        return p.executeQuery();
    }
}
