package org.unveil.scan.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;
import org.unveil.scan.geo.GeoTable;
import org.unveil.scan.ingest.Response;
import org.unveil.scan.ingest.ResponseSink;

/**
 * Streams one scan's responses into the store through DuckDB's appender, each enriched with its country and AS as
 * it passes; {@link #close} folds them into one row per (address, port). Memory stays flat: the appender writes in
 * chunks, the fold runs inside DuckDB.
 */
public final class ResultWriter implements ResponseSink, AutoCloseable {
    private final Connection db;
    private final long scan;
    private final GeoTable geo;
    private final String[] countries;
    private final DuckDBAppender appender;
    private long line;
    private boolean closed;

    ResultWriter(Connection db, long scan, GeoTable geo) throws StoreException {
        this.db = db;
        this.scan = scan;
        this.geo = geo;
        this.countries = geo.countryCodes();
        try (Statement s = db.createStatement()) {
            s.execute(Schema.STAGING);
            this.appender = ((DuckDBConnection) db).createAppender(DuckDBConnection.DEFAULT_SCHEMA, "staging");
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
        try {
            int country = geo.countryIndex(r.address());
            int asn = geo.asn(r.address());
            appender.beginRow().append(line++).append(r.address()).append(r.port())
                    .append(r.classification()).append(r.success());
            if (r.ttl() < 0) {
                appender.appendNull();
            } else {
                appender.append((short) r.ttl());
            }
            if (r.window() < 0) {
                appender.appendNull();
            } else {
                appender.append(r.window());
            }
            if (r.seenMicros() < 0) {
                appender.appendNull();
            } else {
                appender.append(r.seenMicros());
            }
            if (country < 0) {
                appender.appendNull();
            } else {
                appender.append(countries[country]);
            }
            if (asn == -1) {
                appender.appendNull();
            } else {
                appender.append(asn);
            }
            appender.endRow();
        } catch (SQLException e) {
            throw new WriteFailed(new StoreException("cannot write to the store: " + ScanStore.firstLine(e), e));
        }
    }

    /** Folds what was written into the results; returns how many (address, port) rows that made. */
    public long finish() throws StoreException {
        closed = true;
        try {
            appender.close();
            try (PreparedStatement p = db.prepareStatement(Schema.FOLD)) {
                p.setLong(1, scan);
                return p.executeUpdate();
            } finally {
                try (Statement s = db.createStatement()) {
                    s.execute("DROP TABLE staging");
                }
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
            try (Statement s = db.createStatement()) {
                s.execute("DROP TABLE IF EXISTS staging");
            }
        } catch (SQLException e) {
            throw new StoreException("cannot write to the store: " + ScanStore.firstLine(e), e);
        }
    }
}
