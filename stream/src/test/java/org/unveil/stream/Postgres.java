package org.unveil.stream;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A throwaway PostgreSQL cluster from Debian's packages: initdb on a temporary folder, pg_ctl on a loopback port,
 * trust authentication for its one user. Run as user postgres when the tests run as root (the server refuses root).
 */
public final class Postgres implements AutoCloseable {
    private final Path bin;
    private final Path dir;
    private final Path data;
    private final int port;
    private final boolean root = "root".equals(System.getProperty("user.name"));

    /** Debian's server binaries (/usr/lib/postgresql/N/bin), newest first, if installed. */
    public static Optional<Path> binaries() {
        try (Stream<Path> versions = Files.list(Path.of("/usr/lib/postgresql"))) {
            return versions.map(v -> v.resolve("bin")).filter(b -> Files.isExecutable(b.resolve("initdb")))
                    .max(java.util.Comparator.naturalOrder());
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** Makes and starts a cluster in a folder of its own under the temporary folder (user postgres must reach it). */
    public Postgres(Path bin) throws IOException, InterruptedException {
        this.bin = bin;
        this.dir = Files.createTempDirectory("unveil-pg");
        this.data = dir.resolve("data");
        this.port = KafkaBroker.freePort();
        Files.createDirectories(data);
        if (root) {
            run(List.of("chown", "-R", "postgres:postgres", dir.toString()), false);
        }
        run(List.of(bin.resolve("initdb").toString(), "-D", data.toString(), "-U", "unveil", "--auth=trust",
                "--locale=C", "-E", "UTF8", "--no-sync"), true);
        start();
    }

    public void start() throws IOException, InterruptedException {
        // fsync off: a killed server's writes are still in the page cache. synchronous_commit stays on: off, a
        // commit returns before its WAL is written, and a crash (the restart test's immediate stop) loses it
        run(List.of(bin.resolve("pg_ctl").toString(), "-D", data.toString(), "-l", data.resolve("server.log").toString(),
                "-w", "-o", "-p " + port + " -k " + data + " -c listen_addresses=127.0.0.1 -c fsync=off"
                        + " -c full_page_writes=off", "start"), true);
    }

    /** Stops the server at once (immediate mode: what a crash leaves, recovered from the WAL at the next start). */
    public void stop() throws IOException, InterruptedException {
        run(List.of(bin.resolve("pg_ctl").toString(), "-D", data.toString(), "-m", "immediate", "-w", "stop"), true);
    }

    /** The server's process id, from its postmaster.pid (its backends are its children). */
    public long serverPid() throws IOException {
        return Long.parseLong(Files.readAllLines(data.resolve("postmaster.pid")).get(0).strip());
    }

    /** The libpq URL of database {@code db}. */
    public String url(String db) {
        return "postgresql://unveil@127.0.0.1:" + port + "/" + db;
    }

    /** Makes database {@code name}. */
    public void createDatabase(String name) throws IOException, InterruptedException {
        run(List.of(bin.resolve("createdb").toString(), "-h", "127.0.0.1", "-p", Integer.toString(port), "-U", "unveil",
                name), true);
    }

    private void run(List<String> command, boolean asOwner) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        if (asOwner && root) {
            cmd.addAll(List.of("runuser", "-u", "postgres", "--"));
        }
        cmd.addAll(command);
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException(String.join(" ", command) + " failed: " + out);
        }
    }

    @Override
    public void close() throws IOException, InterruptedException {
        try {
            run(List.of(bin.resolve("pg_ctl").toString(), "-D", data.toString(), "-m", "fast", "-w", "stop"), true);
        } finally {
            run(List.of("rm", "-rf", dir.toString()), false);
        }
    }
}
