package org.unveil.scan.run;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * The namespace lab both zmap lab tests scan: made by lab/lab (a scanner namespace at 192.0.2.1 and a lab namespace
 * with the hosts given), with {@link UdpResponder}s started inside it, torn down by {@link #close} or, should the
 * JVM end first, a shutdown hook. Each test class makes one in its @BeforeAll. Needs root and the tools named;
 * missing ones are installed with apt-get, and the test is skipped with the reason when that fails.
 */
final class ZmapLab implements AutoCloseable {
    private static final Path SCRIPT = Path.of("lab/lab").toAbsolutePath();

    private final String tag;
    private final Map<String, String> env;
    private final List<Process> responders = new ArrayList<>();
    private final Thread hook;
    private boolean closed;

    private ZmapLab(String tag, Map<String, String> env) {
        this.tag = tag;
        this.env = env;
        this.hook = new Thread(this::down, "zmap lab " + tag + " teardown");
        Runtime.getRuntime().addShutdownHook(hook);
    }

    /** The output of {@code command}, or null when it failed. */
    static String sh(String... command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        return p.waitFor() == 0 ? out : null;
    }

    private static boolean have(String program) throws Exception {
        return sh("sh", "-c", "command -v " + program + " || test -x /usr/sbin/" + program) != null;
    }

    /**
     * Makes the lab: {@code hosts} as lab/lab takes them ("192.0.2.10:80", "192.0.2.32/27:80"), then a UDP
     * responder on each of {@code udp} ("192.0.2.20:5353", the address among the hosts). {@code kind} is one
     * letter telling the test classes' labs apart; the namespaces are named pb + kind + the JVM's pid.
     */
    static ZmapLab up(char kind, List<String> hosts, List<String> udp, String... packages) throws Exception {
        String uid = sh("id", "-u");
        Assumptions.assumeTrue(uid != null && uid.strip().equals("0"),
                "not root: network namespaces and zmap's raw sockets need root; the zmap lab test is skipped");
        List<String> missing = new ArrayList<>();
        for (String tool : packages) {
            String program = tool.equals("nftables") ? "nft" : tool;
            if (!have(program)) {
                missing.add(tool);
            }
        }
        if (!missing.isEmpty()) {
            sh("sh", "-c", "DEBIAN_FRONTEND=noninteractive apt-get install -y -qq " + String.join(" ", missing));
        }
        for (String tool : packages) {
            Assumptions.assumeTrue(have(tool.equals("nftables") ? "nft" : tool), tool
                    + " is missing and apt-get could not install it; the zmap lab test is skipped");
        }
        Assumptions.assumeTrue(Files.isExecutable(SCRIPT), "no lab script at " + SCRIPT);
        String tag = "pb" + kind + ProcessHandle.current().pid() % 100000;
        List<String> command = new ArrayList<>(List.of(SCRIPT.toString(), "up", tag));
        command.addAll(hosts);
        String made = sh(command.toArray(String[]::new));
        if (made == null) {
            sh(SCRIPT.toString(), "down", tag);
            Assumptions.abort("the lab's namespaces could not be made");
        }
        Map<String, String> env = new TreeMap<>();
        for (String kv : sh(SCRIPT.toString(), "env", tag).strip().split(" ")) {
            String[] p = kv.split("=", 2);
            env.put(p[0], p[1]);
        }
        ZmapLab lab = new ZmapLab(tag, env);
        try {
            for (String service : udp) {
                lab.respond(service);
            }
        } catch (Exception | AssertionError e) {
            lab.close();
            throw e;
        }
        return lab;
    }

    /** Starts a {@link UdpResponder} in the lab namespace and waits (at most 30 s) until it has bound. */
    private void respond(String service) throws Exception {
        String[] at = service.split(":");
        String java = ProcessHandle.current().info().command().orElse("java");
        Process p = new ProcessBuilder("ip", "netns", "exec", labNs(), java, "-Xmx32m", "-cp",
                Path.of("target/test-classes").toAbsolutePath().toString(), UdpResponder.class.getName(), at[0],
                at[1]).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        responders.add(p);
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        String line = CompletableFuture.supplyAsync(() -> {
            try {
                return out.readLine();
            } catch (java.io.IOException e) {
                return null;
            }
        }).completeOnTimeout(null, 30, TimeUnit.SECONDS).get();
        if (!"ready".equals(line)) {
            throw new AssertionError("the UDP responder on " + service + " did not start (said " + line + ")");
        }
    }

    String scannerNs() {
        return env.get("SCANNER_NS");
    }

    String labNs() {
        return env.get("LAB_NS");
    }

    String iface() {
        return env.get("IFACE");
    }

    String labIf() {
        return env.get("LAB_IF");
    }

    String gatewayMac() {
        return env.get("GATEWAY_MAC");
    }

    /** zmap run in the scanner namespace. */
    List<String> zmap() {
        return List.of("ip", "netns", "exec", scannerNs(), "zmap");
    }

    /** A scan from 192.0.2.1 at 1,000 packets/s. */
    ZmapOptions options(Probe probe, int port, int cooldown, long seed) {
        return new ZmapOptions(zmap(), probe, port, 1000, iface(), "192.0.2.1", gatewayMac(), cooldown, seed);
    }

    /** tcpdump in the lab namespace, writing every IP packet to {@code pcap}; started once it says it listens. */
    Capture capture(Path pcap) throws Exception {
        Process p = new ProcessBuilder("ip", "netns", "exec", labNs(), "tcpdump", "-i", labIf(), "-n", "-U", "-w",
                pcap.toString(), "ip").redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        BufferedReader err = new BufferedReader(new InputStreamReader(p.getErrorStream(), StandardCharsets.UTF_8));
        String line = CompletableFuture.supplyAsync(() -> {
            try {
                return err.readLine();
            } catch (java.io.IOException e) {
                return null;
            }
        }).completeOnTimeout(null, 30, TimeUnit.SECONDS).get();
        if (line == null || !line.contains("listening on")) {
            p.destroyForcibly();
            throw new AssertionError("tcpdump did not start: " + line);
        }
        return new Capture(p, err);
    }

    /** A running capture; closing it stops tcpdump (SIGTERM: it writes out what it holds), at most 10 s. */
    record Capture(Process process, BufferedReader err) implements AutoCloseable {
        @Override
        public void close() throws Exception {
            process.destroy();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
            err.close();
        }
    }

    private synchronized void down() {
        if (closed) {
            return;
        }
        closed = true;
        for (Process p : responders) {
            p.destroyForcibly();
        }
        try {
            sh(SCRIPT.toString(), "down", tag);
        } catch (Exception e) {
            System.err.println("ZmapLab: lab down " + tag + " failed: " + e.getMessage());
        }
    }

    @Override
    public void close() {
        down();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // the JVM is already shutting down: the hook runs down(), which finds the lab gone
        }
    }
}
