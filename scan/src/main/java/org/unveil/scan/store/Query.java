package org.unveil.scan.store;

import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * `scan query`: one SQL statement over a store opened read-only, with DuckDB's access to files and other databases
 * switched off and locked (no COPY TO, no ATTACH, no read_csv of the host's files): a query can only read the store.
 */
public final class Query {
    private Query() {
    }

    /** Receives a query's answer row by row. */
    public interface Rows {
        /** The column names, once, before any row. */
        void columns(List<String> names) throws java.io.IOException;

        /** One row: values as the driver gives them (Long, Double, String, Boolean, BigInteger, timestamps…). */
        void row(Object[] values) throws java.io.IOException;
    }

    /** A statement DuckDB refused: its message, one line. */
    public static final class Refused extends Exception {
        Refused(String message) {
            super(message);
        }
    }

    /** Runs {@code sql} over {@code store} (opened with {@link ScanStore#openReadOnly}); returns the rows seen. */
    public static long run(ScanStore store, String sql, Rows out) throws Refused, java.io.IOException {
        try (Statement s = store.connection().createStatement()) {
            s.execute("SET enable_external_access = false");
            s.execute("SET lock_configuration = true");
        } catch (SQLException e) {
            throw new Refused("cannot make the store read-only: " + ScanStore.firstLine(e));
        }
        try (Statement s = store.connection().createStatement()) {
            if (!s.execute(sql)) {
                throw new Refused("the statement returned no rows");
            }
            try (ResultSet r = s.getResultSet()) {
                ResultSetMetaData m = r.getMetaData();
                List<String> names = new ArrayList<>();
                for (int i = 1; i <= m.getColumnCount(); i++) {
                    names.add(m.getColumnLabel(i));
                }
                out.columns(names);
                long rows = 0;
                Object[] values = new Object[names.size()];
                while (r.next()) {
                    for (int i = 0; i < values.length; i++) {
                        values[i] = r.getObject(i + 1);
                    }
                    out.row(values);
                    rows++;
                }
                return rows;
            }
        } catch (SQLException e) {
            throw new Refused(ScanStore.firstLine(e));
        }
    }
}
