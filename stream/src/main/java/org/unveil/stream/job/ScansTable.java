package org.unveil.stream.job;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import org.unveil.stream.ScanHeader;

/** The scans and targets tables, from the headers: a shard's header adds its ranges (a repeat adds nothing). */
final class ScansTable implements PgTable<ScanHeader> {
    @Override
    public Object key(ScanHeader h) {
        return List.of(h.scan(), h.shard());
    }

    @Override
    public void write(Connection db, Collection<ScanHeader> batch, Ids ids, String geoVersion) throws SQLException {
        try (PreparedStatement scan = db.prepareStatement("""
                UPDATE scans SET probe = ?, port = ?, source = ?, format = ?, started = least(started, ?),
                    geo_version = ? WHERE id = ?""");
                PreparedStatement target = db.prepareStatement(
                        "INSERT INTO targets VALUES (?, ?, ?) ON CONFLICT DO NOTHING")) {
            for (ScanHeader h : batch) {
                int id = ids.of(h.scan());
                scan.setString(1, h.probe());
                scan.setObject(2, h.port() < 0 ? null : h.port(), java.sql.Types.INTEGER);
                scan.setString(3, h.source());
                scan.setString(4, h.format());
                scan.setTimestamp(5, h.startedMicros() < 0 ? null
                        : Timestamp.from(Instant.EPOCH.plusNanos(h.startedMicros() * 1000)));
                scan.setString(6, geoVersion);
                scan.setInt(7, id);
                scan.addBatch();
                for (long[] t : h.ranges()) {
                    target.setInt(1, id);
                    target.setLong(2, t[0]);
                    target.setLong(3, t[1]);
                    target.addBatch();
                }
            }
            scan.executeBatch();
            target.executeBatch();
        }
    }
}
