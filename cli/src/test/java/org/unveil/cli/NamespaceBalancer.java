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
 * (203.0.113.245) reaches a balancer namespace at 203.0.113.246, whose nftables DNAT spreads ports 80, 443 and 8443
 * over the back-ends ({@code numgen random} over a map, a back-end repeated in it as often as its weight, passing
 * their TCP through) and whose haproxy on port 8080 terminates TCP and proxies to them. Each back-end is an nginx in
 * a namespace of its own (198.51.100.4i+2) naming itself in X-Backend, with its own default TTL so that the stacks
 * differ as machines of different systems would (past four, its receive buffer and past sixteen its MSS too, so
 * that up to 32 stacks each show a SYN-ACK of their own); with a {@link TestCa} each also serves HTTPS itself, on 443 with h2
 * offered by ALPN and on 8443 without. A second site (a "region": its own VIP 203.0.113.242 and pool on
 * 198.51.100.128/25) can run beside the first. Truth: each nginx's log (port, protocol, TLS protocol per request).
 */
final class NamespaceBalancer implements AutoCloseable {
    // a /30 of its own per site: the host itself may hold 192.0.2.0/24, and other tests other parts of 203.0.113.0/24
    private static final String[] VIPS = {"203.0.113.246", "203.0.113.242"};
    private static final String[] CLIENTS = {"203.0.113.245", "203.0.113.241"};
    // past four the TTLs repeat; the receive buffer's maximum (window scale 10, 9, 8, 7) and past sixteen the
    // advertised MSS (1460, 1400) keep every stack's SYN-ACK its own, as on machines configured apart
    private static final int[] TTLS = {64, 128, 255, 100};
    private static final int[] RMEM_MAX = {33554432, 16777216, 8388608, 4194304};
    // eight distinct orders of the same four headers, for back-ends told apart by nothing else
    private static final String[] ORDERS = {"ABCD", "BACD", "CABD", "ACBD", "BCAD", "CBAD", "DABC", "ADCB"};
    /** The port of nginx as an L7 balancer (upstream with the same weights as haproxy's). */
    static final int NGINX_L7_PORT = 8081;
    /** Most back-ends a site holds (each a /30 of its /25). */
    static final int MAX_BACKENDS = 32;

    /** What tells the back-ends apart. */
    enum Id {
        /** Each names itself in X-Backend. */
        HEADER,
        /** The same page and headers everywhere; only the order of four added headers differs. */
        ORDER,
        /** Identical responses: only the back-ends' TCP stacks (SYN-ACK TTL, window scale, MSS) differ. */
        NONE
    }

    /**
     * One site's set-up.
     *
     * @param n       back-ends
     * @param id      what tells them apart
     * @param weights each back-end's entries in the DNAT map (haproxy's weights too); null: one each
     * @param tls     the certificate each back-end serves HTTPS with, or null for plain HTTP only
     * @param site    0 or 1: which VIP, client address and back-end range
     */
    record Setup(int n, Id id, int[] weights, TestCa tls, int site, boolean ownCertificates) {
        static Setup of(int n, Id id) {
            return new Setup(n, id, null, null, 0, false);
        }

        Setup weights(int... w) {
            return new Setup(n, id, w, tls, site, ownCertificates);
        }

        Setup tls(TestCa ca) {
            return new Setup(n, id, weights, ca, site, false);
        }

        /** Each back-end serves the certificate of its own index among the CA's (the CA must have n). */
        Setup tlsOwnCertificates(TestCa ca) {
            return new Setup(n, id, weights, ca, site, true);
        }

        Setup site(int s) {
            return new Setup(n, id, weights, tls, s, ownCertificates);
        }

        int weight(int i) {
            return weights == null ? 1 : weights[i];
        }
    }

    private final String tag;
    private final Path dir;
    private final Setup setup;
    private final int n;
    private final Id id;
    private final String vip;
    private final List<Process> processes = new ArrayList<>();
    private final List<String> namespaces = new ArrayList<>();
    private boolean linked;

    private NamespaceBalancer(Path dir, Setup setup) {
        this.dir = dir;
        this.setup = setup;
        this.n = setup.n();
        this.id = setup.id();
        this.vip = VIPS[setup.site()];
        // the helper's own prefix and the JVM's pid, so that parallel runs never share a namespace name
        this.tag = "pa" + ProcessHandle.current().pid() % 100_000 + (setup.site() == 0 ? "" : "s" + setup.site());
    }

    /** Starts it with {@code n} (1 to 4) back-ends naming themselves; skips the test, saying why, where it cannot. */
    static NamespaceBalancer start(Path dir, int n) throws Exception {
        return start(dir, n, Id.HEADER);
    }

    /** Starts it with {@code n} (1 to 8) back-ends told apart by {@code id}; skips the test where it cannot. */
    static NamespaceBalancer start(Path dir, int n, Id id) throws Exception {
        return start(dir, Setup.of(n, id));
    }

    /** Starts one site as {@code setup} says; skips the test, saying why, where it cannot. */
    static NamespaceBalancer start(Path dir, Setup setup) throws Exception {
        assumeTrue(ProcessHandle.current().info().user().map("root"::equals).orElse(false)
                        && run("ip", "netns", "list") && run("nft", "--version") && run("tcpdump", "--version")
                        && run("haproxy", "-v") && run("nginx", "-v"),
                "the L4 probe test needs root, ip, nft, tcpdump, haproxy and nginx");
        int most = setup.id() == Id.ORDER ? ORDERS.length : MAX_BACKENDS;
        if (setup.n() < 1 || setup.n() > most) {
            throw new IllegalArgumentException("1 to " + most + " back-ends, not " + setup.n());
        }
        if (setup.weights() != null && (setup.weights().length != setup.n()
                || java.util.Arrays.stream(setup.weights()).anyMatch(w -> w < 1))) {
            throw new IllegalArgumentException("a weight of at least 1 for each back-end");
        }
        if (setup.site() < 0 || setup.site() >= VIPS.length) {
            throw new IllegalArgumentException("site 0 or 1, not " + setup.site());
        }
        NamespaceBalancer b = new NamespaceBalancer(dir, setup);
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
        must("ip", "addr", "add", CLIENTS[setup.site()] + "/30", "dev", tag + "c");
        must("ip", "link", "set", tag + "c", "up");
        in(lb, "ip", "addr", "add", vip + "/30", "dev", "eth0");
        in(lb, "ip", "link", "set", "eth0", "up");
        in(lb, "ip", "link", "set", "lo", "up");
        in(lb, "sysctl", "-q", "-w", "net.ipv4.ip_forward=1");
        StringBuilder map = new StringBuilder();
        StringBuilder servers = new StringBuilder();
        StringBuilder upstream = new StringBuilder();
        int entries = 0;
        int base = 128 * setup.site();
        for (int i = 0; i < n; i++) {
            String ns = tag + "b" + (i + 1);
            String gw = "198.51.100." + (base + 4 * i + 1);
            String addr = "198.51.100." + (base + 4 * i + 2);
            must("ip", "netns", "add", ns);
            namespaces.add(ns);
            in(lb, "ip", "link", "add", "b" + (i + 1), "type", "veth", "peer", "name", "eth0", "netns", ns);
            in(lb, "ip", "addr", "add", gw + "/30", "dev", "b" + (i + 1));
            in(lb, "ip", "link", "set", "b" + (i + 1), "up");
            in(ns, "ip", "addr", "add", addr + "/30", "dev", "eth0");
            in(ns, "ip", "link", "set", "eth0", "up");
            in(ns, "ip", "link", "set", "lo", "up");
            if (i < 16) {
                in(ns, "ip", "route", "add", "default", "via", gw);
            } else {
                in(ns, "ip", "route", "add", "default", "via", gw, "advmss", "1400");
            }
            in(ns, "sysctl", "-q", "-w", "net.ipv4.ip_default_ttl=" + TTLS[i % TTLS.length]);
            in(ns, "sysctl", "-q", "-w", "net.ipv4.tcp_rmem=4096 131072 " + RMEM_MAX[i / TTLS.length % RMEM_MAX.length]);
            for (int w = 0; w < setup.weight(i); w++) {
                map.append(entries == 0 ? "" : ", ").append(entries++).append(" : ").append(addr);
            }
            servers.append("    server b").append(i + 1).append(' ').append(addr).append(":80 weight ")
                    .append(setup.weight(i)).append('\n');
            upstream.append("        server ").append(addr).append(":80 weight=").append(setup.weight(i)).append(";\n");
            Path root = Files.createDirectories(dir.resolve("www-b" + (i + 1)));
            Path page = Files.writeString(root.resolve("index.html"), "<p>the same page on every back-end</p>\n");
            // one mtime for all: written a second apart, the pages' ETag and Last-Modified would tell back-ends
            // apart (lbd's header diff saw "2 different header sets" behind haproxy in one run)
            Files.setLastModifiedTime(page, java.nio.file.attribute.FileTime.fromMillis(1_700_000_000_000L));
            Path conf = Files.writeString(dir.resolve("nginx-b" + (i + 1) + ".conf"), """
                    daemon off;
                    master_process off;
                    pid %1$s/nginx-%2$s.pid;
                    error_log %1$s/nginx-%2$s-error.log warn;
                    events { worker_connections 256; }
                    http {
                        log_format probe '$server_port $server_protocol "$ssl_protocol" $status $remote_port';
                        client_body_temp_path %1$s/tmp-%2$s-body;
                        proxy_temp_path %1$s/tmp-%2$s-proxy;
                        fastcgi_temp_path %1$s/tmp-%2$s-fastcgi;
                        uwsgi_temp_path %1$s/tmp-%2$s-uwsgi;
                        scgi_temp_path %1$s/tmp-%2$s-scgi;
                        server { listen %3$s:80; root %4$s; access_log %1$s/%2$s.log probe;
                                 %5$s
                                 %6$s }
                    }
                    """.formatted(dir, "b" + (i + 1), addr, root, headers(i), tls(addr, i)));
            start(dir.resolve("nginx-b" + (i + 1) + ".out"), "ip", "netns", "exec", ns, "nginx", "-c", conf.toString(),
                    "-p", dir.toString());
        }
        Path rules = Files.writeString(dir.resolve("l4.nft"), """
                table ip unveil_l4 {
                    chain pre {
                        type nat hook prerouting priority dstnat;
                        ip daddr %s tcp dport { 80, 443, 8443 } dnat to numgen random mod %d map { %s }
                    }
                }
                """.formatted(vip, entries, map));
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
                %s""".formatted(vip, servers));
        start(dir.resolve("haproxy.out"), "ip", "netns", "exec", lb, "haproxy", "-db", "-f", cfg.toString());
        // nginx as the other L7 balancer: weighted round robin over the same back-ends, each request's upstream logged
        Path lbConf = Files.writeString(dir.resolve("nginx-lb.conf"), """
                daemon off;
                master_process off;
                pid %1$s/nginx-lb.pid;
                error_log %1$s/nginx-lb-error.log warn;
                events { worker_connections 256; }
                http {
                    log_format lb '$upstream_addr $status $remote_port';
                    client_body_temp_path %1$s/tmp-lb-body;
                    proxy_temp_path %1$s/tmp-lb-proxy;
                    fastcgi_temp_path %1$s/tmp-lb-fastcgi;
                    uwsgi_temp_path %1$s/tmp-lb-uwsgi;
                    scgi_temp_path %1$s/tmp-lb-scgi;
                    upstream pool {
                %2$s    }
                    server { listen %3$s:%4$d; access_log %1$s/lb.log lb; location / { proxy_pass http://pool; } }
                }
                """.formatted(dir, upstream, vip, NGINX_L7_PORT));
        start(dir.resolve("nginx-lb.out"), "ip", "netns", "exec", lb, "nginx", "-c", lbConf.toString(), "-p",
                dir.toString());
        await(80);
        await(8080);
        await(NGINX_L7_PORT);
        if (setup.tls() != null) {
            await(443);
            await(8443);
        }
    }

    /**
     * The HTTPS listeners: 443 offers h2 by ALPN, 8443 only HTTP/1.1; one certificate on every back-end. TLS 1.3 is
     * named: nginx 1.22 offers only up to 1.2 by default.
     */
    private String tls(String addr, int backEnd) {
        TestCa ca = setup.tls();
        if (ca == null) {
            return "";
        }
        TestCa.ServerCertificate cert = ca.servers().get(setup.ownCertificates() ? backEnd : 0);
        return ("listen %1$s:443 ssl http2; listen %1$s:8443 ssl; ssl_protocols TLSv1.2 TLSv1.3;"
                + " ssl_certificate %2$s; ssl_certificate_key %3$s;").formatted(addr, cert.pem(), cert.key());
    }

    private String headers(int i) {
        if (id == Id.HEADER) {
            return "add_header X-Backend b" + (i + 1) + " always;";
        }
        if (id == Id.NONE) {
            return "";
        }
        StringBuilder b = new StringBuilder();
        for (char c : ORDERS[i].toCharArray()) {
            b.append("add_header X-").append(c).append(" 1 always; ");
        }
        return b.toString().strip();
    }

    String vip() {
        return vip;
    }

    String l4Url() {
        return "http://" + vip + "/";
    }

    String l7Url() {
        return "http://" + vip + ":8080/";
    }

    /** nginx as the L7 balancer (it terminates TCP, like haproxy). */
    String nginxL7Url() {
        return "http://" + vip + ":" + NGINX_L7_PORT + "/";
    }

    /**
     * Requests the nginx balancer sent each back-end, from its own log's {@code $upstream_addr} (b1, b2, … by
     * address); the balancer's truth, beside the back-ends' logs.
     */
    Map<String, Integer> nginxBalancerLogged() throws IOException {
        Map<String, Integer> m = new LinkedHashMap<>();
        Path log = dir.resolve("lb.log");
        int base = 128 * setup.site();
        for (String line : Files.exists(log) ? Files.readAllLines(log) : List.<String>of()) {
            String upstream = line.substring(0, line.indexOf(' '));
            int last = Integer.parseInt(upstream.substring(upstream.lastIndexOf('.') + 1, upstream.indexOf(':')));
            m.merge("b" + ((last - base - 2) / 4 + 1), 1, Integer::sum);
        }
        return m;
    }

    /** Requests each back-end's nginx logged. */
    Map<String, Integer> logged() throws IOException {
        Map<String, Integer> m = new LinkedHashMap<>();
        loggedLines().forEach((k, v) -> m.put(k, v.size()));
        return m;
    }

    /**
     * Which back-end served the request from each client port: DNAT leaves the source port as it was, so the port
     * the probe's CSV names is the one nginx logged (through haproxy it is haproxy's own).
     */
    Map<Integer, String> servedByPort() throws IOException {
        Map<Integer, String> m = new java.util.HashMap<>();
        loggedLines().forEach((b, lines) -> lines.forEach(l -> m.put(Integer.valueOf(l.substring(l.lastIndexOf(' ') + 1)), b)));
        return m;
    }

    /** Each back-end's log lines: {@code PORT PROTOCOL "TLS-PROTOCOL" STATUS CLIENT-PORT} a request. */
    Map<String, List<String>> loggedLines() throws IOException {
        Map<String, List<String>> m = new LinkedHashMap<>();
        for (int i = 1; i <= n; i++) {
            Path log = dir.resolve("b" + i + ".log");
            m.put("b" + i, Files.exists(log) ? Files.readAllLines(log) : List.of());
        }
        return m;
    }

    /** Empties the back-ends' logs (nginx appends to the same open file) once the last request's line is in. */
    void clearLogs() throws IOException, InterruptedException {
        // nginx logs a request after its response went out: the client can have it before the line is written
        Thread.sleep(300);
        for (String name : java.util.stream.Stream.concat(java.util.stream.IntStream.rangeClosed(1, n)
                .mapToObj(i -> "b" + i), java.util.stream.Stream.of("lb")).toList()) {
            Path log = dir.resolve(name + ".log");
            if (Files.exists(log)) {
                Files.write(log, new byte[0]);
            }
        }
    }

    private void await(int port) throws IOException, InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < end) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress(vip, port), 500);
                return;
            } catch (IOException e) {
                Thread.sleep(100);
            }
        }
        throw new IOException("nothing answers on " + vip + ":" + port + " after 10 s");
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
