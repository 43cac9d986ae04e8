package org.unveil.proxy;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Starts a standby and an active proxy as separate JVMs (optionally inside a network namespace). */
final class FailoverHarness implements AutoCloseable {
    final Process standby;
    final Process active;
    final Path standbyLog;
    /** The second standby, with {@code chained}; else null. */
    final Process second;
    final Path secondLog;
    private final boolean http;

    FailoverHarness(Path dir, List<String> prefix, String listen, String upstream, boolean transparent)
            throws IOException, InterruptedException {
        this(dir, prefix, listen, upstream, transparent, false);
    }

    /** As above; with {@code http} both proxies run in HTTP mode with {@link ProxyProcess#HTTP_RULES}. */
    FailoverHarness(Path dir, List<String> prefix, String listen, String upstream, boolean transparent, boolean http)
            throws IOException, InterruptedException {
        this(dir, prefix, listen, upstream, transparent, http, false);
    }

    /**
     * As above; with {@code chained} a second standby too, to which the first passes every socket once it has
     * taken over, so a second kill is survived.
     */
    FailoverHarness(Path dir, List<String> prefix, String listen, String upstream, boolean transparent, boolean http,
            boolean chained) throws IOException, InterruptedException {
        this.http = http;
        Path state = dir.resolve("state");
        Path socket = dir.resolve("standby.sock");
        standbyLog = dir.resolve("standby.log");
        secondLog = dir.resolve("second.log");
        if (chained) {
            Path second = dir.resolve("second.sock");
            this.second = start(prefix, secondLog, "standby", listen, upstream, state, second, transparent);
            awaitReady(this.second, "second standby");
            standby = start(prefix, dir.resolve("standby.log"), "standby", listen, upstream, state, socket, transparent,
                    second.toString());
        } else {
            this.second = null;
            standby = start(prefix, dir.resolve("standby.log"), "standby", listen, upstream, state, socket, transparent);
        }
        awaitReady(standby, "standby");
        active = start(prefix, dir.resolve("active.log"), "active", listen, upstream, state, socket, transparent);
        awaitReady(active, "active");
    }

    private Process start(List<String> prefix, Path log, String role, String listen, String upstream, Path state,
            Path socket, boolean transparent, String... more) throws IOException {
        List<String> command = new ArrayList<>(prefix);
        command.addAll(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED", "-Dunveil.test.http=" + http, "-Xmx256m", "-XX:TieredStopAtLevel=1", "-Xshare:auto",
                "-cp", System.getProperty("java.class.path"), ProxyProcess.class.getName(), role, listen, upstream,
                state.toString(), socket.toString(), transparent ? "transparent" : "plain"));
        command.addAll(List.of(more));
        return new ProcessBuilder(command).redirectError(log.toFile()).start();
    }

    private static void awaitReady(Process p, String role) throws IOException, InterruptedException {
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        String line = out.readLine();
        if (!"ready".equals(line)) {
            p.waitFor(5, TimeUnit.SECONDS);
            throw new IllegalStateException("the " + role + " proxy did not start (said " + line + ")");
        }
    }

    /** kill -9 of the active process, as the test's fault. */
    void killActive() throws InterruptedException {
        active.destroyForcibly();
        active.waitFor(10, TimeUnit.SECONDS);
    }

    /** kill -9 of the first standby (after it took over), as the second fault. */
    void killStandby() throws InterruptedException {
        standby.destroyForcibly();
        standby.waitFor(10, TimeUnit.SECONDS);
    }

    String secondLog() throws IOException {
        return Files.readString(secondLog, StandardCharsets.UTF_8);
    }

    String standbyLog() throws IOException {
        return Files.readString(standbyLog, StandardCharsets.UTF_8);
    }

    @Override
    public void close() throws InterruptedException {
        for (Process p : second == null ? List.of(active, standby) : List.of(active, standby, second)) {
            p.destroyForcibly();
            p.waitFor(10, TimeUnit.SECONDS);
        }
    }
}
