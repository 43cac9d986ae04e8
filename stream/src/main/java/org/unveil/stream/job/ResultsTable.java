package org.unveil.stream.job;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.util.Collection;
import java.util.List;

/** The results table: one row per (scan, address, port), replaced whole by the fold's latest. */
final class ResultsTable implements PgTable<ResultRow> {
    @Override
    public Object key(ResultRow r) {
        return List.of(r.scan(), r.address(), r.port());
    }

    @Override
    public void write(Connection db, Collection<ResultRow> batch, Ids ids, String geoVersion) throws SQLException {
        try (PreparedStatement p = db.prepareStatement("""
                INSERT INTO results AS r VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (scan, address, port) DO UPDATE SET classification = excluded.classification,
                    success = excluded.success, responses = excluded.responses, ttl = excluded.ttl,
                    tcp_window = excluded.tcp_window, seen = excluded.seen, country = excluded.country,
                    asn = excluded.asn""")) {
            for (ResultRow r : batch) {
                p.setInt(1, ids.of(r.scan()));
                p.setLong(2, r.address() & 0xffffffffL);
                p.setInt(3, r.port());
                p.setString(4, r.classification());
                p.setBoolean(5, r.success());
                p.setInt(6, r.responses());
                setOrNull(p, 7, r.ttl(), Types.SMALLINT);
                setOrNull(p, 8, r.window(), Types.INTEGER);
                if (r.seenMicros() < 0) {
                    p.setNull(9, Types.TIMESTAMP_WITH_TIMEZONE);
                } else {
                    p.setTimestamp(9, Timestamp.from(Instant.EPOCH.plusNanos(r.seenMicros() * 1000)));
                }
                p.setString(10, r.country());
                setOrNull(p, 11, r.asn(), Types.BIGINT);
                p.addBatch();
            }
            p.executeBatch();
        }
    }

    private static void setOrNull(PreparedStatement p, int i, long v, int type) throws SQLException {
        if (v < 0) {
            p.setNull(i, type);
        } else {
            p.setLong(i, v);
        }
    }
}
