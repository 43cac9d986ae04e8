package org.unveil.stream.pg;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;

/**
 * The integer id of each scan by name, made on first sight: results may arrive before their scan's header (they
 * travel on other partitions), so whichever comes first makes the scans row and the header fills it in. Use a
 * connection of its own in auto-commit: a new scans row is then visible to every writer at once, and no writer's
 * open transaction holds another back.
 */
public final class ScanIds {
    private final Map<String, Integer> ids = new HashMap<>();

    /** The id of scan {@code name} in {@code db}, made with an empty probe if the scan is new. */
    public int of(Connection db, String name) throws SQLException {
        Integer known = ids.get(name);
        if (known != null) {
            return known;
        }
        try (PreparedStatement p = db.prepareStatement(
                "INSERT INTO scans(name, probe) VALUES (?, '') ON CONFLICT (name) DO NOTHING")) {
            p.setString(1, name);
            p.execute();
        }
        try (PreparedStatement p = db.prepareStatement("SELECT id FROM scans WHERE name = ?")) {
            p.setString(1, name);
            try (ResultSet r = p.executeQuery()) {
                r.next();
                int id = r.getInt(1);
                ids.put(name, id);
                return id;
            }
        }
    }

}
