package org.unveil.scan.store;

import java.sql.Connection;
import java.sql.SQLException;
import org.duckdb.DuckDBConnection;

/**
 * The classifications of one ingest as small codes: the staging table holds a code per line instead of a string,
 * and the fold names them from the table this writes. zmap's modules use a handful of names.
 */
final class Classes {
    /** Codes take 10 bits of the staging table's answer column; far more than any scanner's classes. */
    static final int MAX = 1024;

    private final String[] names = new String[MAX];
    private int count;

    /** More distinct classifications than {@link #MAX}: not a scanner's output. */
    static final class TooMany extends Exception {
        TooMany() {
            super("more than " + MAX + " different classifications: not a scanner's results", null, false, false);
        }
    }

    /** The code of {@code name}: identity first (the readers hand the same instance), then equality. */
    int code(String name) throws TooMany {
        for (int i = 0; i < count; i++) {
            if (names[i] == name) {
                return i;
            }
        }
        for (int i = 0; i < count; i++) {
            if (java.util.Objects.equals(names[i], name)) {
                return i;
            }
        }
        if (count == MAX) {
            throw new TooMany();
        }
        names[count] = name;
        return count++;
    }

    /** Writes the codes and names to the temporary table the fold joins. */
    void store(Connection db) throws SQLException {
        try (var s = db.createStatement()) {
            s.execute(Schema.STAGING_CLASSES);
        }
        try (var a = ((DuckDBConnection) db).createAppender("temp", DuckDBConnection.DEFAULT_SCHEMA,
                "staging_classes")) {
            for (int i = 0; i < count; i++) {
                a.beginRow().append((long) i).append(names[i]).endRow();
            }
        }
    }
}
