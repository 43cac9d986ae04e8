package org.unveil.stream.job;

import java.io.Serializable;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Collection;

/** How one kind of value is upserted into PostgreSQL: its key within a batch, and the batch's statements. */
interface PgTable<T> extends Serializable {
    /** Values with equal keys replace each other in a batch: only the last is written. */
    Object key(T value);

    /** Writes {@code batch} (one value a key) inside the caller's transaction. */
    void write(Connection db, Collection<T> batch, Ids ids, String geoVersion) throws SQLException;

    /** The store's id of a scan, by name. */
    interface Ids {
        /** The id of scan {@code name}, made if new. */
        int of(String name) throws SQLException;
    }
}
