package org.unveil.scan.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
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
 * in chunks into a staging table outside the store's file, and the fold runs inside DuckDB under the store's memory
 * limit, spilling to disk beyond it. The parts of one file may be written at once, each from its own thread through
 * its own {@link #part} (one appender and connection each): the appender is the slowest step of an ingest.
 */
public final class ResultWriter implements ResponseSink, AutoCloseable {
    /** How many parts a file may be written in: their index stands above the line number, below the failed bit. */
    public static final int MAX_PARTS = (int) (Schema.FAILED >> Schema.PART_SHIFT);

    private final Connection db;
    private final long scan;
    private final GeoTable geo;
    private final Classes classes = new Classes();
    private final List<Part> parts = new ArrayList<>();
    private final Part first;
    private DuckDBAppender appender6;
    private long lines6;
    private boolean closed;

    ResultWriter(Connection db, long scan, GeoTable geo) throws StoreException {
        this.db = db;
        this.scan = scan;
        this.geo = geo;
        try (Statement s = db.createStatement()) {
            s.execute(Schema.STAGE);
            s.execute(Schema.STAGING);
            s.execute(Schema.STAGING6);
            s.execute(Schema.STAGING_COUNTRIES);
            try (var a = ((DuckDBConnection) db).createAppender(Schema.STAGE_DB, DuckDBConnection.DEFAULT_SCHEMA,
                    "staging_countries")) {
                String[] countries = geo.countryCodes();
                for (int i = 0; i < countries.length; i++) {
                    a.beginRow().append((long) i + 1).append(countries[i]).endRow();
                }
            }
            this.first = new Part(0, (DuckDBConnection) db, false);
            parts.add(first);
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

    /**
     * The sink of part {@code index} of a file (0 is this writer itself): its lines rank after every line of the
     * parts before it, as if the file had been read in one pass. Each part is for one thread at a time; parts may
     * run at once. Ask for the parts from one thread, before they run.
     */
    public ResponseSink part(int index) {
        if (index < 0 || index >= MAX_PARTS) {
            throw new IllegalArgumentException("part " + index + ": at most " + MAX_PARTS + " parts");
        }
        for (Part p : parts) {
            if (p.index == index) {
                return p;
            }
        }
        try {
            Part p = new Part(index, (DuckDBConnection) ((DuckDBConnection) db).duplicate(), true);
            parts.add(p);
            return p;
        } catch (SQLException e) {
            throw new WriteFailed(new StoreException("cannot write to the store: " + ScanStore.firstLine(e), e));
        }
    }

    @Override
    public void accept(Response r) {
        first.accept(r);
    }

    @Override
    public void accept(int address, int port, String classification, boolean success, boolean repeat, int ttl,
            int window, long seenMicros, int tcpOptions) {
        first.accept(address, port, classification, success, repeat, ttl, window, seenMicros, tcpOptions);
    }

    @Override
    public void accept6(Response6 r) {
        first.accept6(r);
    }

    /** One part's appender, on its own connection (part 0: the store's), and its line count. */
    private final class Part implements ResponseSink {
        private final int index;
        private final DuckDBConnection connection;
        private final boolean ownConnection;
        private final DuckDBAppender appender;
        private long line;

        Part(int index, DuckDBConnection connection, boolean ownConnection) throws SQLException {
            this.index = index;
            this.connection = connection;
            this.ownConnection = ownConnection;
            this.appender = connection.createAppender(Schema.STAGE_DB, DuckDBConnection.DEFAULT_SCHEMA, "staging");
            this.line = (long) index << Schema.PART_SHIFT;
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

        @Override
        public void accept6(Response6 r) {
            long rank = r.success() ? line : line + Schema.FAILED;
            line++;
            write6(r, rank);
        }

        void close() throws SQLException {
            try {
                appender.close();
            } finally {
                if (ownConnection) {
                    connection.close();
                }
            }
        }
    }

    /** An IPv6 response: enriched from the geo table's IPv6 ranges, staged apart, folded into results6. */
    private synchronized void write6(Response6 r, long rank) {
        try {
            if (appender6 == null) {
                appender6 = ((DuckDBConnection) db).createAppender(Schema.STAGE_DB, DuckDBConnection.DEFAULT_SCHEMA,
                        "staging6");
            }
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
            closeAppenders();
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
            closeAppenders();
            dropStaging();
        } catch (SQLException e) {
            throw new StoreException("cannot write to the store: " + ScanStore.firstLine(e), e);
        }
    }

    private void closeAppenders() throws SQLException {
        SQLException failed = null;
        for (Part p : parts) {
            try {
                p.close();
            } catch (SQLException e) {
                failed = failed == null ? e : failed;
            }
        }
        if (appender6 != null) {
            appender6.close();
        }
        if (failed != null) {
            throw failed;
        }
    }

    private void dropStaging() throws SQLException {
        try (Statement s = db.createStatement()) {
            for (String table : Schema.STAGING_TABLES) {
                s.execute("DROP TABLE IF EXISTS " + Schema.STAGE_DB + ".main." + table);
            }
        }
    }
}
