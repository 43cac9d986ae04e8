package org.unveil.stream.job;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Collection;

/** The per-scan totals: one row a scan, replaced whole by the running sum. */
final class TotalsTable implements PgTable<ScanTotals> {
    @Override
    public Object key(ScanTotals t) {
        return t.scan();
    }

    @Override
    public void write(Connection db, Collection<ScanTotals> batch, Ids ids, String geoVersion) throws SQLException {
        try (PreparedStatement p = db.prepareStatement("""
                INSERT INTO scan_totals VALUES (?, ?, ?, ?) ON CONFLICT (scan) DO UPDATE SET
                    responses = excluded.responses, rows = excluded.rows, responders = excluded.responders""")) {
            for (ScanTotals t : batch) {
                p.setInt(1, ids.of(t.scan()));
                p.setLong(2, t.responses());
                p.setLong(3, t.rows());
                p.setLong(4, t.responders());
                p.addBatch();
            }
            p.executeBatch();
        }
    }
}
