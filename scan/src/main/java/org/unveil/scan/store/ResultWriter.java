package org.unveil.scan.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;
import org.unveil.scan.geo.GeoTable;
import org.unveil.scan.ingest.Response;
import org.unveil.scan.Ipv6;
import org.unveil.scan.ingest.Response6;
import org.unveil.scan.ingest.ResponseSink;

/**
 * Streams one scan's responses into the store through DuckDB's appender, each enriched with its country and AS as
 * it passes; {@link #finish} folds them into one row per (address, port). Memory stays bounded: the appender writes
 * in chunks into a temporary table, outside the store's file, and the fold runs inside DuckDB under the store's
 * memory limit, spilling to disk beyond it.
 */
public final class ResultWriter implements ResponseSink, AutoCloseable {
    private final Connection db;
    private final long scan;
    private final GeoTable geo;
    private final DuckDBAppender appender;
    private DuckDBAppender appender6;
    private long lines6;
    private final Classes classes = new Classes();
    private long line;
    private boolean closed;

    ResultWriter(Connection db, long scan, GeoTable geo) throws StoreException {
        this.db = db;
        this.scan = scan;
        this.geo = geo;
        try (Statement s = db.createStatement()) {
            s.execute(Schema.STAGING);
            s.execute(Schema.STAGING6);
            s.execute(Schema.STAGING_COUNTRIES);
            try (var a = ((DuckDBConnection) db).createAppender("temp", DuckDBConnection.DEFAULT_SCHEMA,
                    "staging_countries")) {
                String[] countries = geo.countryCodes();
                for (int i = 0; i < countries.length; i++) {
                    a.beginRow().append((long) i + 1).append(countries[i]).endRow();
                }
            }
            this.appender = ((DuckDBConnection) db).createAppender("temp", DuckDBConnection.DEFAULT_SCHEMA,
                    "staging");
        } catch (SQLException e) {
            throw new StoreException("cannot write to the store: " + ScanStore.firstLine(e), e);
        }
    }

    /** The store failed while results streamed in; carries the plain message. */
    public static final class WriteFailed extends RuntimeException {
        WriteFailed(StoreException cause) {
            super(cause.getMessage(), cause);
        }
    }

    @Override
    public void accept(Response r) {
        accept(r.address(), r.port(), r.classification(), r.success(), r.repeat(), r.ttl(), r.window(),
                r.seenMicros(), r.tcpOptions());
    }

    /** Five numbers a line go through the appender (see {@link Schema#STAGING}), nothing is allocated. */
    @Override
    public void accept(int address, int port, String classification, boolean success, boolean repeat, int ttl,
            int window, long seenMicros, int tcpOptions) {
        try {
            long key = (address & 0xffffffffL) << 16 | port;
            long rank = success ? line : line + Schema.FAILED;
            line++;
            long answer = answer(classes.code(classification), ttl, window, tcpOptions);
            long geoCodes = (long) (geo.countryIndex(address) + 1) << 32 | (geo.asn(address) & 0xffffffffL);
            appender.beginRow().append(key).append(rank).append(answer);
            if (seenMicros < 0) {
                appender.appendNull();
            } else {
                appender.append(seenMicros);
            }
            appender.append(geoCodes).endRow();
        } catch (SQLException e) {
            throw new WriteFailed(new StoreException("cannot write to the store: " + ScanStore.firstLine(e), e));
        } catch (Classes.TooMany e) {
            throw new WriteFailed(new StoreException(e.getMessage(), e));
        }
    }

    /** An IPv6 response: enriched from the geo table's IPv6 ranges, staged apart, folded into results6. */
    @Override
    public void accept6(Response6 r) {
        try {
            if (appender6 == null) {
                appender6 = ((DuckDBConnection) db).createAppender("temp", DuckDBConnection.DEFAULT_SCHEMA,
                        "staging6");
            }
            long rank = r.success() ? line : line + Schema.FAILED;
            line++;
            lines6++;
            long answer = answer(classes.code(r.classification()), r.ttl(), r.window(), r.tcpOptions());
            long hi = r.addressHi();
            long lo = r.addressLo();
            long geoCodes = (long) (geo.countryIndex6(hi, lo) + 1) << 32 | (geo.asn6(hi, lo) & 0xffffffffL);
            appender6.beginRow().append(Ipv6.toBigInteger(hi, lo).toString()).append(r.addressText())
                    .append(r.port()).append(rank).append(answer);
            if (r.seenMicros() < 0) {
                appender6.appendNull();
            } else {
                appender6.append(r.seenMicros());
            }
            appender6.append(geoCodes).endRow();
        } catch (SQLException e) {
            throw new WriteFailed(new StoreException("cannot write to the store: " + ScanStore.firstLine(e), e));
        } catch (Classes.TooMany e) {
            throw new WriteFailed(new StoreException(e.getMessage(), e));
        }
    }

    /** The packed answer of {@link Schema#STAGING}. */
    private static long answer(int classCode, int ttl, int window, int tcpOptions) {
        return (long) (tcpOptions + 1) << 32 | (long) classCode << 26 | (long) (ttl + 1) << 17 | (window + 1);
    }

    /** Folds what was written into the results; returns how many (address, port) rows that made. */
    public long finish() throws StoreException {
        closed = true;
        try {
            appender.close();
            if (appender6 != null) {
                appender6.close();
            }
            classes.store(db);
            try (Statement s = db.createStatement()) {
                s.execute(Schema.FOLD_DUPS); // before the two statements that read it are prepared
            }
            try (PreparedStatement singles = db.prepareStatement(Schema.FOLD_SINGLES);
                    PreparedStatement p = db.prepareStatement(Schema.FOLD)) {
                singles.setLong(1, scan);
                long rows = singles.executeUpdate();
                p.setLong(1, scan);
                rows += p.executeUpdate();
                if (lines6 > 0) {
                    try (PreparedStatement p6 = db.prepareStatement(Schema.FOLD6)) {
                        p6.setLong(1, scan);
                        rows += p6.executeUpdate();
                    }
                }
                return rows;
            } finally {
                dropStaging();
            }
        } catch (SQLException e) {
            throw new StoreException("cannot write to the store: " + ScanStore.firstLine(e), e);
        }
    }

    /** Without {@link #finish}: drops what was written. */
    @Override
    public void close() throws StoreException {
        if (closed) {
            return;
        }
        closed = true;
        try {
            appender.close();
            if (appender6 != null) {
                appender6.close();
            }
            dropStaging();
        } catch (SQLException e) {
            throw new StoreException("cannot write to the store: " + ScanStore.firstLine(e), e);
        }
    }

    private void dropStaging() throws SQLException {
        try (Statement s = db.createStatement()) {
            for (String table : Schema.STAGING_TABLES) {
                s.execute("DROP TABLE IF EXISTS temp.main." + table);
            }
        }
    }
}
