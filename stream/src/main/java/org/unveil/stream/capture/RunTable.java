package org.unveil.stream.capture;

import java.io.Serializable;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;

/**
 * How one capture job's results are kept in PostgreSQL: a table whose rows carry the run's name, made if missing,
 * the run's old rows deleted and the new ones inserted in one transaction ({@link RunTableSink}).
 */
interface RunTable<T> extends Serializable {
    /** The table's name. */
    String name();

    /** CREATE TABLE IF NOT EXISTS …, its first column the run's name. */
    String create();

    /** INSERT INTO … VALUES (?, …) with the run's name first. */
    String insert();

    /** Sets the parameters after the run's name (from 2 on) for {@code value}. */
    void bind(PreparedStatement p, T value) throws SQLException;

    /** Makes the tables of the capture jobs in {@code db}. */
    static void create(Connection db, List<RunTable<?>> tables) throws SQLException {
        try (var s = db.createStatement()) {
            for (RunTable<?> t : tables) {
                s.execute(t.create());
            }
        }
    }

    /** `trace --engine flink --store`: one row a matching connection. */
    RunTable<org.unveil.trace.TracedConnection> CONNECTIONS = new Connections();

    /** `hosts --engine flink --store`: one row an address, its report item as JSON. */
    RunTable<AddressReport> ADDRESSES = new Addresses();

    /** The matching connections, keyed by run and 5-tuple (client → server). */
    final class Connections implements RunTable<org.unveil.trace.TracedConnection> {
        @Override
        public String name() {
            return "trace_connections";
        }

        @Override
        public String create() {
            return """
                    CREATE TABLE IF NOT EXISTS trace_connections(run TEXT COLLATE "C" NOT NULL, protocol SMALLINT NOT NULL,
                        client TEXT COLLATE "C" NOT NULL, client_port INTEGER NOT NULL, server TEXT COLLATE "C" NOT NULL,
                        server_port INTEGER NOT NULL, first_ns BIGINT NOT NULL, last_ns BIGINT NOT NULL,
                        packets BIGINT NOT NULL, bytes BIGINT NOT NULL, matched TEXT COLLATE "C",
                        PRIMARY KEY(run, protocol, client, client_port, server, server_port))""";
        }

        @Override
        public String insert() {
            return "INSERT INTO trace_connections VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
        }

        @Override
        public void bind(PreparedStatement p, org.unveil.trace.TracedConnection c) throws SQLException {
            p.setInt(2, c.protocol());
            p.setString(3, c.client());
            p.setInt(4, c.clientPort());
            p.setString(5, c.server());
            p.setInt(6, c.serverPort());
            p.setLong(7, c.firstNanos());
            p.setLong(8, c.lastNanos());
            p.setLong(9, c.packets());
            p.setLong(10, c.bytes());
            p.setString(11, c.matchedLine());
        }
    }

    /** The addresses' reports, keyed by run and address; the item as `hosts --json` writes it, in a json column. */
    final class Addresses implements RunTable<AddressReport> {
        @Override
        public String name() {
            return "hosts_addresses";
        }

        @Override
        public String create() {
            return """
                    CREATE TABLE IF NOT EXISTS hosts_addresses(run TEXT COLLATE "C" NOT NULL,
                        address TEXT COLLATE "C" NOT NULL, host_count INTEGER NOT NULL,
                        host_count_low INTEGER NOT NULL, host_count_high INTEGER NOT NULL, report JSON NOT NULL,
                        PRIMARY KEY(run, address))""";
        }

        @Override
        public String insert() {
            return "INSERT INTO hosts_addresses VALUES (?, ?, ?, ?, ?, ?::json)";
        }

        @Override
        public void bind(PreparedStatement p, AddressReport a) throws SQLException {
            p.setString(2, a.address().text());
            p.setInt(3, a.hostCount());
            p.setInt(4, a.hostCountLow());
            p.setInt(5, a.hostCountHigh());
            p.setString(6, a.json());
        }
    }
}
