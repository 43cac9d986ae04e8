package org.unveil.stream.capture;

import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.unveil.stream.pg.PgStore;

/**
 * Writes a capture job's results into PostgreSQL as run {@code run}: one transaction that deletes the run's old rows
 * and inserts the new ones, committed when the input ends. A task that fails and is run again starts a new
 * transaction (the old one is rolled back with its connection), so the table holds each run's results once.
 * Used with parallelism 1, after the job's sorting task.
 */
final class RunTableSink<T> implements Sink<T> {
    private static final int BATCH = 1_000;
    private final String url;
    private final String run;
    private final RunTable<T> table;

    RunTableSink(String url, String run, RunTable<T> table) {
        this.url = url;
        this.run = run;
        this.table = table;
    }

    @Override
    public SinkWriter<T> createWriter(WriterInitContext context) throws IOException {
        try {
            Connection db = PgStore.connect(url);
            try {
                db.setAutoCommit(false);
                try (PreparedStatement delete = db.prepareStatement("DELETE FROM " + table.name()
                        + " WHERE run = ?")) {
                    delete.setString(1, run);
                    delete.executeUpdate();
                }
                return new Writer<>(db, db.prepareStatement(table.insert()), run, table);
            } catch (SQLException e) {
                db.close();
                throw new IOException("PostgreSQL: " + e.getMessage(), e);
            }
        } catch (PgStore.PgFailed e) {
            throw new IOException(e.getMessage(), e);
        } catch (SQLException e) {
            throw new IOException("PostgreSQL: " + e.getMessage(), e);
        }
    }

    private static final class Writer<T> implements SinkWriter<T> {
        private final Connection db;
        private final PreparedStatement insert;
        private final String run;
        private final RunTable<T> table;
        private int batched;

        Writer(Connection db, PreparedStatement insert, String run, RunTable<T> table) {
            this.db = db;
            this.insert = insert;
            this.run = run;
            this.table = table;
        }

        @Override
        public void write(T value, Context context) throws IOException {
            try {
                insert.setString(1, run);
                table.bind(insert, value);
                insert.addBatch();
                if (++batched >= BATCH) {
                    insert.executeBatch();
                    batched = 0;
                }
            } catch (SQLException e) {
                throw new IOException("PostgreSQL: " + e.getMessage(), e);
            }
        }

        @Override
        public void flush(boolean endOfInput) throws IOException {
            if (!endOfInput) {
                return; // the run's rows are committed together, at the end
            }
            try {
                if (batched > 0) {
                    insert.executeBatch();
                    batched = 0;
                }
                db.commit();
            } catch (SQLException e) {
                throw new IOException("PostgreSQL: " + e.getMessage(), e);
            }
        }

        @Override
        public void close() throws Exception {
            try (db) {
                insert.close();
            }
        }
    }
}
