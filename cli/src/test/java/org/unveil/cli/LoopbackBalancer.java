package org.unveil.cli;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A real balancer on loopback for the probe's system test: haproxy in front of N nginx back-ends (one nginx, one
 * server block and port each), with weights, and with or without an id header or haproxy's SERVERID cookie. The
 * truth is haproxy's own log, one line per request naming the server it chose. Everything runs as child processes
 * on 127.0.0.1 and is ended on close, also when the test fails.
 */
final class LoopbackBalancer implements AutoCloseable {
    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

    /** How the back-ends show who they are. */
    enum Id {
        HEADER, COOKIE, ETAG,
        /** Only weak evidence, each part of it shared: the ETag mtime pairs back-ends, one header pairs others. */
        WEAK,
        /** The same page, mtime and headers everywhere; only the order of three added headers differs (up to 6). */
        ORDER
    }

    private static final String[][] ORDERS = {{"A", "B", "C"}, {"B", "A", "C"}, {"C", "A", "B"}, {"A", "C", "B"},
        {"B", "C", "A"}, {"C", "B", "A"}};

    private final Path dir;
    private final List<Process> processes = new ArrayList<>();
    private final int front;
    private final int[] ports;
    private final int[] weights;
    private final Path nginx;
    private final Path haproxy;

    private LoopbackBalancer(Path dir, int[] weights, String balance, Id id) throws IOException {
        this.dir = dir;
        this.weights = weights.clone();
        this.ports = freePorts(weights.length + 1);
        this.front = ports[weights.length];
        StringBuilder servers = new StringBuilder();
        StringBuilder blocks = new StringBuilder();
        for (int i = 0; i < weights.length; i++) {
            String name = "b" + (i + 1);
            Path root = Files.createDirectories(dir.resolve("www-" + name));
            Path page = Files.writeString(root.resolve("index.html"), "<p>the same page on every back-end</p>\n");
            // copied to each server at its own time, as a deployment does: the ETag's mtime tells them apart;
            // in WEAK two servers at a time got the file together, and every other one sends X-Frame-Options
            int copy = id == Id.WEAK ? i / 2 : id == Id.ORDER ? 0 : i;
            Files.setLastModifiedTime(page, FileTime.fromMillis(1_600_000_000_000L + 1000L * 3600 * (copy + 1)));
            blocks.append("    server { listen 127.0.0.1:").append(ports[i]).append("; root ").append(root)
                    .append("; access_log ").append(dir.resolve(name + ".log")).append(";")
                    .append(id == Id.HEADER ? " add_header X-Backend " + name + " always;" : "")
                    .append(id == Id.WEAK && i % 2 == 0 ? " add_header X-Frame-Options DENY always;" : "")
                    .append(id == Id.ORDER ? ordered(ORDERS[i]) : "")
                    .append(" }\n");
            servers.append("    server ").append(name).append(" 127.0.0.1:").append(ports[i]).append(" weight ")
                    .append(weights[i]).append(id == Id.COOKIE ? " cookie " + name : "").append("\n");
        }
        this.nginx = Files.writeString(dir.resolve("nginx.conf"), """
                daemon off;
                master_process off;
                pid %1$s/nginx.pid;
                error_log %1$s/nginx-error.log warn;
                events { worker_connections 256; }
                http {
                    client_body_temp_path %1$s/tmp-body;
                    proxy_temp_path %1$s/tmp-proxy;
                    fastcgi_temp_path %1$s/tmp-fastcgi;
                    uwsgi_temp_path %1$s/tmp-uwsgi;
                    scgi_temp_path %1$s/tmp-scgi;
                %2$s}
                """.formatted(dir, blocks));
        this.haproxy = Files.writeString(dir.resolve("haproxy.cfg"), """
                global
                    log stdout format raw local0
                defaults
                    mode http
                    log global
                    log-format "%%s %%ST %%HM %%HU %%HV %%ci"
                    timeout connect 2s
                    timeout client 10s
                    timeout server 10s
                    retries 0
                frontend vip
                    bind 127.0.0.1:%d
                    default_backend web
                backend web
                    balance %s
                %s%s""".formatted(front, balance,
                id == Id.COOKIE ? "    cookie SERVERID insert indirect nocache\n" : "", servers));
    }

    private static String ordered(String[] names) {
        StringBuilder b = new StringBuilder();
        for (String n : names) {
            b.append(" add_header X-").append(n).append(" 1 always;");
        }
        return b.toString();
    }

    private void launch() throws IOException, InterruptedException {
        start(dir.resolve("nginx.out"), "nginx", "-c", nginx.toString(), "-p", dir.toString());
        for (int i = 0; i < weights.length; i++) {
            awaitListening(ports[i]);
        }
        start(dir.resolve("haproxy.log"), "haproxy", "-db", "-f", haproxy.toString());
        awaitListening(front);
    }

    /** Starts haproxy over nginx back-ends with these weights; skips the test, saying why, where it cannot. */
    static LoopbackBalancer start(Path dir, int[] weights, String balance, Id id) throws Exception {
        assumeTrue(installed("haproxy", "haproxy") && installed("nginx", "nginx-light"),
                "the probe's system test needs haproxy and nginx (apt-get install haproxy nginx-light)");
        LoopbackBalancer b = new LoopbackBalancer(dir, weights, balance, id);
        try {
            b.launch();
            return b;
        } catch (IOException | InterruptedException | RuntimeException e) {
            b.close(); // a server that came up must not outlive a start that failed
            throw e;
        }
    }

    String url() {
        return "http://127.0.0.1:" + front + "/";
    }

    int backends() {
        return weights.length;
    }

    /** Each configured server's weight share. */
    Map<String, Double> configuredShares() {
        double total = 0;
        for (int w : weights) {
            total += w;
        }
        Map<String, Double> m = new LinkedHashMap<>();
        for (int i = 0; i < weights.length; i++) {
            m.put("b" + (i + 1), weights[i] / total);
        }
        return m;
    }

    /** Requests per server, from haproxy's log: what the balancer did. */
    Map<String, Integer> logged() throws IOException {
        Map<String, Integer> m = new LinkedHashMap<>();
        for (String line : Files.readAllLines(dir.resolve("haproxy.log"))) {
            String[] f = line.split(" ");
            if (f.length >= 4 && f[0].matches("b\\d+")) {
                m.merge(f[0], 1, Integer::sum);
            }
        }
        return m;
    }

    /** Per request, in the order haproxy logged them: the server it chose and the client's address. */
    List<String[]> choices() throws IOException {
        List<String[]> out = new ArrayList<>();
        for (String line : Files.readAllLines(dir.resolve("haproxy.log"))) {
            String[] f = line.split(" ");
            if (f.length >= 6 && f[0].matches("b\\d+")) {
                out.add(new String[] {f[0], f[5]});
            }
        }
        return out;
    }

    /** The HTTP versions the balancer's front saw, with their request counts, from its log. */
    Map<String, Integer> versions() throws IOException {
        Map<String, Integer> m = new LinkedHashMap<>();
        for (String line : Files.readAllLines(dir.resolve("haproxy.log"))) {
            String[] f = line.split(" ");
            if (f.length >= 5 && f[0].matches("b\\d+")) {
                m.merge(f[4], 1, Integer::sum);
            }
        }
        return m;
    }

    private void start(Path log, String... command) throws IOException {
        processes.add(new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start());
    }

    private static void awaitListening(int port) throws InterruptedException, IOException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < end) {
            try {
                new Socket(LOOPBACK, port).close();
                return;
            } catch (IOException e) {
                Thread.sleep(50);
            }
        }
        throw new IOException("nothing listens on 127.0.0.1:" + port + " after 10 s");
    }

    private static int[] freePorts(int n) throws IOException {
        List<ServerSocket> held = new ArrayList<>();
        try {
            int[] ports = new int[n];
            for (int i = 0; i < n; i++) {
                ServerSocket s = new ServerSocket(0, 1, LOOPBACK);
                held.add(s);
                ports[i] = s.getLocalPort();
            }
            return ports;
        } finally {
            for (ServerSocket s : held) {
                s.close();
            }
        }
    }

    /** On PATH (or /usr/sbin), installing the Debian package once if it is not and we may. */
    private static boolean installed(String tool, String pkg) {
        if (onPath(tool)) {
            return true;
        }
        if (onPath("apt-get") && run("apt-get", "install", "-y", "-q", pkg)) {
            return onPath(tool);
        }
        return false;
    }

    private static boolean onPath(String tool) {
        String path = System.getenv().getOrDefault("PATH", "") + File.pathSeparator + "/usr/sbin:/sbin";
        for (String d : path.split(File.pathSeparator)) {
            if (!d.isEmpty() && Files.isExecutable(Path.of(d, tool))) {
                return true;
            }
        }
        return false;
    }

    private static boolean run(String... command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            return p.waitFor(300, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    @Override
    public void close() {
        for (Process p : processes) {
            p.destroy();
        }
        for (Process p : processes) {
            try {
                if (!p.waitFor(5, TimeUnit.SECONDS)) {
                    p.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                p.destroyForcibly(); // still ended, just not waited for
                Thread.currentThread().interrupt();
            }
        }
    }
}
