package org.unveil.scan.store;

import java.sql.Connection;
import java.sql.SQLException;
import org.duckdb.DuckDBConnection;

/**
 * The classifications of one ingest as small codes: the staging table holds a code per line instead of a string,
 * and the fold names them from the table this writes. zmap's modules use a handful of names.
 */
final class Classes {
    /** Codes take 6 bits of the staging table's answer column (bits 26 to 31); more than any scanner's classes. */
    static final int MAX = 64;

    private final String[] names = new String[MAX];
    /** Written after its name, under the lock: a reader on another part's thread sees whole entries only. */
    private volatile int count;

    /** More distinct classifications than {@link #MAX}: not a scanner's output. */
    static final class TooMany extends Exception {
        TooMany() {
            super("more than " + MAX + " different classifications: not a scanner's results", null, false, false);
        }
    }

    /**
     * The code of {@code name}: identity first (the readers hand the same instance), then equality, without a lock;
     * a new name takes the lock. Safe from the threads of several file parts at once.
     */
    int code(String name) throws TooMany {
        int n = count;
        for (int i = 0; i < n; i++) {
            if (names[i] == name) {
                return i;
            }
        }
        for (int i = 0; i < n; i++) {
            if (java.util.Objects.equals(names[i], name)) {
                return i;
            }
        }
        return add(name);
    }

    private synchronized int add(String name) throws TooMany {
        int n = count;
        for (int i = 0; i < n; i++) {
            if (java.util.Objects.equals(names[i], name)) {
                return i; // another part added it meanwhile
            }
        }
        if (n == MAX) {
            throw new TooMany();
        }
        names[n] = name;
        count = n + 1;
        return n;
    }

    /** Writes the codes and names to the temporary table the fold joins. */
    void store(Connection db) throws SQLException {
        try (var s = db.createStatement()) {
            s.execute(Schema.STAGING_CLASSES);
        }
        try (var a = ((DuckDBConnection) db).createAppender(Schema.STAGE_DB, DuckDBConnection.DEFAULT_SCHEMA,
                "staging_classes")) {
            for (int i = 0; i < count; i++) {
                a.beginRow().append((long) i).append(names[i]).endRow();
            }
        }
    }
}
