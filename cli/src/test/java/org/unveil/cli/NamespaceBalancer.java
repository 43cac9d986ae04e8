package org.unveil.cli;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * An L4 and an L7 balancer over the same back-ends, in network namespaces on documentation ranges: this namespace
 * (203.0.113.245) reaches a balancer namespace at 203.0.113.246, whose nftables DNAT spreads port 80 over the back-ends
 * ({@code numgen random}, passing their TCP through) and whose haproxy on port 8080 terminates TCP and proxies to
 * them. Each back-end is an nginx in a namespace of its own (198.51.100.4i+2) naming itself in X-Backend, with its
 * own default TTL so that the stacks differ as machines of different systems would. Truth: each nginx's log.
 */
final class NamespaceBalancer implements AutoCloseable {
    // a /30 of its own: the host itself may hold 192.0.2.0/24, and other tests other parts of 203.0.113.0/24
    static final String VIP = "203.0.113.246";
    private static final String CLIENT = "203.0.113.245";
    // past four the TTLs repeat: stacks then pair up, which the accuracy table does not read
    private static final int[] TTLS = {64, 128, 255, 100};
    // eight distinct orders of the same four headers, for back-ends told apart by nothing else
    private static final String[] ORDERS = {"ABCD", "BACD", "CABD", "ACBD", "BCAD", "CBAD", "DABC", "ADCB"};

    /** What tells the back-ends apart. */
    enum Id {
        /** Each names itself in X-Backend. */
        HEADER,
        /** The same page and headers everywhere; only the order of four added headers differs. */
        ORDER
    }

    private final String tag = "upb" + ProcessHandle.current().pid() % 100_000;
    private final Path dir;
    private final int n;
    private final Id id;
    private final List<Process> processes = new ArrayList<>();
    private final List<String> namespaces = new ArrayList<>();
    private boolean linked;

    private NamespaceBalancer(Path dir, int n, Id id) {
        this.dir = dir;
        this.n = n;
        this.id = id;
    }

    /** Starts it with {@code n} (1 to 4) back-ends naming themselves; skips the test, saying why, where it cannot. */
    static NamespaceBalancer start(Path dir, int n) throws Exception {
        return start(dir, n, Id.HEADER);
    }

    /** Starts it with {@code n} (1 to 8) back-ends told apart by {@code id}; skips the test where it cannot. */
    static NamespaceBalancer start(Path dir, int n, Id id) throws Exception {
        assumeTrue(ProcessHandle.current().info().user().map("root"::equals).orElse(false)
                        && run("ip", "netns", "list") && run("nft", "--version") && run("tcpdump", "--version")
                        && run("haproxy", "-v") && run("nginx", "-v"),
                "the L4 probe test needs root, ip, nft, tcpdump, haproxy and nginx");
        if (n < 1 || n > ORDERS.length) {
            throw new IllegalArgumentException("1 to " + ORDERS.length + " back-ends, not " + n);
        }
        NamespaceBalancer b = new NamespaceBalancer(dir, n, id);
        try {
            b.build();
            return b;
        } catch (IOException | RuntimeException | InterruptedException e) {
            b.close();
            throw e;
        }
    }

    private void build() throws IOException, InterruptedException {
        String lb = tag + "lb";
        must("ip", "netns", "add", lb);
        namespaces.add(lb);
        must("ip", "link", "add", tag + "c", "type", "veth", "peer", "name", "eth0", "netns", lb);
        linked = true;
        must("ip", "addr", "add", CLIENT + "/30", "dev", tag + "c");
        must("ip", "link", "set", tag + "c", "up");
        in(lb, "ip", "addr", "add", VIP + "/30", "dev", "eth0");
        in(lb, "ip", "link", "set", "eth0", "up");
        in(lb, "ip", "link", "set", "lo", "up");
        in(lb, "sysctl", "-q", "-w", "net.ipv4.ip_forward=1");
        StringBuilder map = new StringBuilder();
        StringBuilder servers = new StringBuilder();
        for (int i = 0; i < n; i++) {
            String ns = tag + "b" + (i + 1);
            String gw = "198.51.100." + (4 * i + 1);
            String addr = "198.51.100." + (4 * i + 2);
            must("ip", "netns", "add", ns);
            namespaces.add(ns);
            in(lb, "ip", "link", "add", "b" + (i + 1), "type", "veth", "peer", "name", "eth0", "netns", ns);
            in(lb, "ip", "addr", "add", gw + "/30", "dev", "b" + (i + 1));
            in(lb, "ip", "link", "set", "b" + (i + 1), "up");
            in(ns, "ip", "addr", "add", addr + "/30", "dev", "eth0");
            in(ns, "ip", "link", "set", "eth0", "up");
            in(ns, "ip", "link", "set", "lo", "up");
            in(ns, "ip", "route", "add", "default", "via", gw);
            in(ns, "sysctl", "-q", "-w", "net.ipv4.ip_default_ttl=" + TTLS[i % TTLS.length]);
            map.append(i == 0 ? "" : ", ").append(i).append(" : ").append(addr);
            servers.append("    server b").append(i + 1).append(' ').append(addr).append(":80\n");
            Path root = Files.createDirectories(dir.resolve("www-b" + (i + 1)));
            Files.writeString(root.resolve("index.html"), "<p>the same page on every back-end</p>\n");
            Path conf = Files.writeString(dir.resolve("nginx-b" + (i + 1) + ".conf"), """
                    daemon off;
                    master_process off;
                    pid %1$s/nginx-%2$s.pid;
                    error_log %1$s/nginx-%2$s-error.log warn;
                    events { worker_connections 256; }
                    http {
                        client_body_temp_path %1$s/tmp-%2$s-body;
                        proxy_temp_path %1$s/tmp-%2$s-proxy;
                        fastcgi_temp_path %1$s/tmp-%2$s-fastcgi;
                        uwsgi_temp_path %1$s/tmp-%2$s-uwsgi;
                        scgi_temp_path %1$s/tmp-%2$s-scgi;
                        server { listen %3$s:80; root %4$s; access_log %1$s/%2$s.log;
                                 %5$s }
                    }
                    """.formatted(dir, "b" + (i + 1), addr, root, headers(i)));
            start(dir.resolve("nginx-b" + (i + 1) + ".out"), "ip", "netns", "exec", ns, "nginx", "-c", conf.toString(),
                    "-p", dir.toString());
        }
        Path rules = Files.writeString(dir.resolve("l4.nft"), """
                table ip unveil_l4 {
                    chain pre {
                        type nat hook prerouting priority dstnat;
                        ip daddr %s tcp dport 80 dnat to numgen random mod %d map { %s }
                    }
                }
                """.formatted(VIP, n, map));
        in(lb, "nft", "-f", rules.toString());
        Path cfg = Files.writeString(dir.resolve("haproxy.cfg"), """
                defaults
                    mode http
                    timeout connect 2s
                    timeout client 10s
                    timeout server 10s
                frontend vip
                    bind %s:8080
                    default_backend web
                backend web
                    balance roundrobin
                %s""".formatted(VIP, servers));
        start(dir.resolve("haproxy.out"), "ip", "netns", "exec", lb, "haproxy", "-db", "-f", cfg.toString());
        await(80);
        await(8080);
    }

    private String headers(int i) {
        if (id == Id.HEADER) {
            return "add_header X-Backend b" + (i + 1) + " always;";
        }
        StringBuilder b = new StringBuilder();
        for (char c : ORDERS[i].toCharArray()) {
            b.append("add_header X-").append(c).append(" 1 always; ");
        }
        return b.toString().strip();
    }

    String l4Url() {
        return "http://" + VIP + "/";
    }

    String l7Url() {
        return "http://" + VIP + ":8080/";
    }

    /** Requests each back-end's nginx logged. */
    Map<String, Integer> logged() throws IOException {
        Map<String, Integer> m = new LinkedHashMap<>();
        for (int i = 1; i <= n; i++) {
            Path log = dir.resolve("b" + i + ".log");
            m.put("b" + i, Files.exists(log) ? Files.readAllLines(log).size() : 0);
        }
        return m;
    }

    /** Empties the back-ends' logs (nginx appends to the same open file) once the last request's line is in. */
    void clearLogs() throws IOException, InterruptedException {
        // nginx logs a request after its response went out: the client can have it before the line is written
        Thread.sleep(300);
        for (int i = 1; i <= n; i++) {
            Path log = dir.resolve("b" + i + ".log");
            if (Files.exists(log)) {
                Files.write(log, new byte[0]);
            }
        }
    }

    private void await(int port) throws IOException, InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < end) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress(VIP, port), 500);
                return;
            } catch (IOException e) {
                Thread.sleep(100);
            }
        }
        throw new IOException("nothing answers on " + VIP + ":" + port + " after 10 s");
    }

    private void in(String ns, String... command) throws IOException, InterruptedException {
        List<String> c = new ArrayList<>(List.of("ip", "netns", "exec", ns));
        c.addAll(List.of(command));
        must(c.toArray(String[]::new));
    }

    private static void must(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException(String.join(" ", command) + " failed: " + out.strip());
        }
    }

    private static boolean run(String... command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private void start(Path log, String... command) throws IOException {
        processes.add(new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start());
    }

    @Override
    public void close() throws InterruptedException {
        for (Process p : processes) {
            p.destroy();
        }
        for (Process p : processes) {
            if (!p.waitFor(5, TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        }
        if (linked) {
            run("ip", "link", "del", tag + "c");
        }
        for (String ns : namespaces) {
            run("ip", "netns", "del", ns);
        }
    }
}
