package org.unveil.scan.store;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.duckdb.DuckDBConnection;
import org.unveil.scan.geo.GeoTable;

/** The scans, their targets and results, and the opt-outs, in one embedded DuckDB file. */
public final class ScanStore implements AutoCloseable {
    /** DuckDB's memory for a store opened to write (its default is 80 % of the RAM). */
    static final String MEMORY_LIMIT = "256MB";

    private final Connection db;
    private final Path file;

    private ScanStore(Connection db, Path file) {
        this.db = db;
        this.file = file;
    }

    /** Opens (creating if need be) the store in {@code file}. */
    public static ScanStore open(Path file) throws StoreException {
        try {
            Path dir = file.toAbsolutePath().getParent();
            if (dir != null) {
                Files.createDirectories(dir);
            }
        } catch (java.io.IOException e) {
            throw new StoreException("cannot make the folder for the store " + file + ": " + e.getMessage(), e);
        }
        if (Files.isDirectory(file)) {
            throw new StoreException(file + " is a folder, not a store file");
        }
        try {
            // the driver itself, not DriverManager: its service lookup misses drivers on some class loaders
            Connection c = new org.duckdb.DuckDBDriver().connect("jdbc:duckdb:" + file.toAbsolutePath(),
                    new java.util.Properties());
            try (Statement s = c.createStatement()) {
                // an ingest's fold and staging stay within this, spilling to disk beyond it
                s.execute("SET memory_limit = '" + MEMORY_LIMIT + "'");
                // order within an INSERT ... SELECT is not needed, and keeping it holds whole results in memory
                s.execute("SET preserve_insertion_order = false");
                for (String sql : Schema.CREATE) {
                    s.execute(sql);
                }
            }
            return new ScanStore(c, file);
        } catch (SQLException e) {
            throw new StoreException("cannot open the store " + file + ": " + firstLine(e), e);
        }
    }

    /**
     * Opens an existing store for reading only (`scan query`, `serve`): no statement can change it, and other
     * readers may open it at the same time.
     */
    public static ScanStore openReadOnly(Path file) throws StoreException {
        if (!Files.isRegularFile(file)) {
            throw new StoreException(file + ": no such store");
        }
        try {
            java.util.Properties p = new java.util.Properties();
            p.setProperty("duckdb.read_only", "true");
            return new ScanStore(new org.duckdb.DuckDBDriver().connect("jdbc:duckdb:" + file.toAbsolutePath(), p),
                    file);
        } catch (SQLException e) {
            throw new StoreException("cannot open the store " + file + ": " + firstLine(e), e);
        }
    }

    /** The DuckDB error's first line, without the driver's class names. */
    static String firstLine(SQLException e) {
        String m = String.valueOf(e.getMessage()).strip();
        int nl = m.indexOf('\n');
        return nl < 0 ? m : m.substring(0, nl);
    }

    /** The connection, for the report's and `scan query`'s SQL. */
    public Connection connection() {
        return db;
    }

    /** Records a new scan (its {@code id} is ignored) and returns its id; a name may be used once. */
    public long createScan(ScanInfo scan, GeoTable geo) throws StoreException {
        try (PreparedStatement p = db.prepareStatement("""
                INSERT INTO scans(name, probe, port, source, format, started, sent, scanner, metadata, geo_version)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id""")) {
            if (scan(scan.name()).isPresent()) {
                throw new StoreException("the store already has a scan named '" + scan.name() + "'");
            }
            p.setString(1, scan.name());
            p.setString(2, scan.probe());
            p.setObject(3, scan.port() < 0 ? null : scan.port());
            p.setString(4, scan.source());
            p.setString(5, scan.format());
            p.setTimestamp(6, scan.started() == null ? null : Timestamp.from(scan.started()));
            p.setObject(7, scan.sent() < 0 ? null : scan.sent());
            p.setString(8, scan.scanner());
            p.setString(9, scan.metadata());
            p.setString(10, geo.version());
            long id;
            try (ResultSet r = p.executeQuery()) {
                r.next();
                id = r.getLong(1);
            }
            try (PreparedStatement g = db.prepareStatement(
                    "INSERT INTO geo_versions VALUES (?, ?, now()) ON CONFLICT DO NOTHING")) {
                g.setString(1, geo.version());
                g.setString(2, GeoTable.ATTRIBUTION);
                g.execute();
            }
            return id;
        } catch (SQLException e) {
            throw new StoreException("cannot record the scan: " + firstLine(e), e);
        }
    }

    /** Sets what a scan sent and its scanner's metadata, once the scanner has finished. */
    public void finishScan(long id, long sent, String metadata) throws StoreException {
        try (PreparedStatement p = db.prepareStatement("UPDATE scans SET sent = ?, metadata = ? WHERE id = ?")) {
            p.setObject(1, sent < 0 ? null : sent);
            p.setString(2, metadata);
            p.setLong(3, id);
            p.execute();
        } catch (SQLException e) {
            throw new StoreException("cannot update the scan: " + firstLine(e), e);
        }
    }

    /** Removes a scan and all it holds (a failed ingest or run leaves nothing behind). */
    public void deleteScan(long id) throws StoreException {
        try (Statement s = db.createStatement()) {
            for (String table : new String[] {"results", "results6", "targets"}) {
                s.execute("DELETE FROM " + table + " WHERE scan = " + id);
            }
            s.execute("DELETE FROM scans WHERE id = " + id);
        } catch (SQLException e) {
            throw new StoreException("cannot remove the scan: " + firstLine(e), e);
        }
    }

    /** Records the ranges a scan covered (blocklist already taken out), as unsigned [first, last] pairs. */
    public void addTargets(long scan, List<long[]> ranges) throws StoreException {
        try (var a = ((DuckDBConnection) db).createAppender(DuckDBConnection.DEFAULT_SCHEMA, "targets")) {
            for (long[] r : ranges) {
                a.beginRow().append((int) scan).append((int) r[0]).append((int) r[1]).endRow(); // UINTEGER takes the bits
            }
        } catch (SQLException e) {
            throw new StoreException("cannot record the targets: " + firstLine(e), e);
        }
    }

    /** The scan named {@code name}. */
    public Optional<ScanInfo> scan(String name) throws StoreException {
        List<ScanInfo> all = select("WHERE name = ?", name);
        return all.isEmpty() ? Optional.empty() : Optional.of(all.getFirst());
    }

    /** Every scan, oldest first. */
    public List<ScanInfo> scans() throws StoreException {
        return select("", null);
    }

    private List<ScanInfo> select(String where, String arg) throws StoreException {
        return select(db, where, arg);
    }

    /** The scan named {@code name} in any store with the scans table of scan/README.md (DuckDB's or PostgreSQL's). */
    public static Optional<ScanInfo> scan(Connection db, String name) throws StoreException {
        List<ScanInfo> all = select(db, "WHERE name = ?", name);
        return all.isEmpty() ? Optional.empty() : Optional.of(all.getFirst());
    }

    private static List<ScanInfo> select(Connection db, String where, String arg) throws StoreException {
        try (PreparedStatement p = db.prepareStatement("SELECT id, name, probe, port, source, format, started, sent,"
                + " scanner, metadata, geo_version FROM scans " + where + " ORDER BY id")) {
            if (arg != null) {
                p.setString(1, arg);
            }
            List<ScanInfo> out = new ArrayList<>();
            try (ResultSet r = p.executeQuery()) {
                while (r.next()) {
                    Timestamp started = r.getTimestamp(7);
                    long sent = r.getLong(8);
                    boolean noSent = r.wasNull();
                    out.add(new ScanInfo(r.getLong(1), r.getString(2), r.getString(3),
                            r.getObject(4) == null ? -1 : r.getInt(4), r.getString(5), r.getString(6),
                            started == null ? null : started.toInstant(), noSent ? -1 : sent, r.getString(9),
                            r.getString(10), r.getString(11)));
                }
            }
            return out;
        } catch (SQLException e) {
            throw new StoreException("cannot read the scans: " + firstLine(e), e);
        }
    }

    /** A writer of one scan's results; close it to fold them into the results table. */
    public ResultWriter results(long scan, GeoTable geo) throws StoreException {
        return new ResultWriter(db, scan, geo);
    }

    /** Records an opt-out; an existing one for the same range keeps its date and takes the new reason. */
    public void addOptout(String cidr, long first, long last, String reason) throws StoreException {
        try (PreparedStatement p = db.prepareStatement("INSERT INTO optouts VALUES (?, ?, ?, ?, now())"
                + " ON CONFLICT (cidr) DO UPDATE SET reason = excluded.reason")) {
            p.setString(1, cidr);
            p.setLong(2, first);
            p.setLong(3, last);
            p.setString(4, reason);
            p.execute();
        } catch (SQLException e) {
            throw new StoreException("cannot record the opt-out: " + firstLine(e), e);
        }
    }

    /** Removes the opt-out for {@code cidr}; false when there was none. */
    public boolean removeOptout(String cidr) throws StoreException {
        try (PreparedStatement p = db.prepareStatement("DELETE FROM optouts WHERE cidr = ?")) {
            p.setString(1, cidr);
            return p.executeUpdate() > 0;
        } catch (SQLException e) {
            throw new StoreException("cannot remove the opt-out: " + firstLine(e), e);
        }
    }

    /** Every opt-out, in address order. */
    public List<Optout> optouts() throws StoreException {
        try (Statement s = db.createStatement();
                ResultSet r = s.executeQuery("SELECT cidr, first, last, reason, added FROM optouts ORDER BY first, last")) {
            List<Optout> out = new ArrayList<>();
            while (r.next()) {
                out.add(new Optout(r.getString(1), r.getLong(2), r.getLong(3), r.getString(4),
                        r.getTimestamp(5).toInstant()));
            }
            return out;
        } catch (SQLException e) {
            throw new StoreException("cannot read the opt-outs: " + firstLine(e), e);
        }
    }

    /** The store's file. */
    public Path file() {
        return file;
    }

    @Override
    public void close() throws StoreException {
        try {
            db.close();
        } catch (SQLException e) {
            throw new StoreException("cannot close the store: " + firstLine(e), e);
        }
    }
}
