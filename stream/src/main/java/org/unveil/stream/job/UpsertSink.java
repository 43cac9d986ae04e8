package org.unveil.stream.job;

import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.unveil.stream.pg.PgStore;
import org.unveil.stream.pg.ScanIds;

/**
 * Writes values into PostgreSQL as idempotent upserts by key, in batches of one transaction each: when the batch is
 * full and, at the latest, before each checkpoint barrier passes (Flink calls {@code flush} then). What a
 * checkpoint covers is therefore in PostgreSQL, and a replay after a restore writes the same absolute values again:
 * exactly-once in effect, without a two-phase commit.
 */
final class UpsertSink<T> implements Sink<T> {
    static final int BATCH = 5_000;

    private final String url;
    private final PgTable<T> table;
    private final String geoVersion;

    UpsertSink(String url, PgTable<T> table, String geoVersion) {
        this.url = url;
        this.table = table;
        this.geoVersion = geoVersion;
    }

    @Override
    public SinkWriter<T> createWriter(WriterInitContext context) throws IOException {
        try {
            return new Writer<>(PgStore.connect(url), PgStore.connect(url), table, geoVersion);
        } catch (PgStore.PgFailed e) {
            throw new IOException(e.getMessage(), e);
        }
    }

    private static final class Writer<T> implements SinkWriter<T> {
        private final Connection db;
        private final Connection idDb;
        private final PgTable<T> table;
        private final String geoVersion;
        private final ScanIds ids = new ScanIds();
        private final Map<Object, T> batch = new LinkedHashMap<>();

        Writer(Connection db, Connection idDb, PgTable<T> table, String geoVersion) throws IOException {
            this.db = db;
            this.idDb = idDb;
            this.table = table;
            this.geoVersion = geoVersion;
            try {
                db.setAutoCommit(false);
            } catch (SQLException e) {
                throw new IOException("PostgreSQL: " + e.getMessage(), e);
            }
        }

        @Override
        public void write(T value, Context context) throws IOException {
            batch.put(table.key(value), value);
            if (batch.size() >= BATCH) {
                flush(false);
            }
        }

        @Override
        public void flush(boolean endOfInput) throws IOException {
            if (batch.isEmpty()) {
                return;
            }
            try {
                table.write(db, batch.values(), name -> ids.of(idDb, name), geoVersion);
                db.commit();
                batch.clear();
            } catch (SQLException e) {
                try {
                    db.rollback();
                } catch (SQLException ignored) {
                    // the write's error is the one to tell; the task restarts from the last checkpoint
                }
                throw new IOException("PostgreSQL: " + e.getMessage(), e);
            }
        }

        @Override
        public void close() throws Exception {
            try (idDb) {
                db.close();
            }
        }
    }
}
