package org.unveil.testbed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 18, part 3: broken connections per rule transfer, the thesis's weak point, on real packets. Three
 * daemons on the gateway testbed's hubs, each node a stateful firewall (conntrack picks up no connection
 * mid-stream, invalid packets are dropped: a connection lives only on the node that saw its SYN), serve long
 * rate-limited downloads while GLOB hands rules around (the founder starts with all of them and sheds load at
 * once, then the nodes keep rebalancing). With the thesis's transfers a rule's connections in flight move to
 * its new owner, which has no state for them, so they stall; with {@code transfer = non-disruptive} the old
 * owner keeps its connections and the new one takes only new SYNs, so none breaks.
 * {@code -Dgateway.transfer.seconds=N} drives N seconds instead of 24 (a longer sweep).
 */
class GatewayTransferTest {
    private static final int NODES = 3;
    private static final Path NET = Commands.locate("testbed/gateway/net");
    /** Namespaces of this run: a prefix of this test's own plus the JVM's pid. */
    private static final String PREFIX = "pd" + ProcessHandle.current().pid();
    private static final long DRIVE_MS = Long.getLong("gateway.transfer.seconds", 24) * 1000;
    /** A new download this often: 1 MB at 100 KB/s (10 s), so about 40 are in flight. */
    private static final long EVERY_MS = 250;
    private static final Pattern HANDED = Pattern.compile("handed over (\\d+)");
    private static final Pattern HELD = Pattern.compile("packets (\\d+) bytes (\\d+)");

    @TempDir
    Path dir;

    private final List<Process> daemons = new ArrayList<>();

    /** One download: its client port, the bytes that arrived and whether all of it did. */
    private record Download(int clientPort, long received, boolean whole) {
    }

    /** What one run of the cluster did. */
    private record Outcome(int downloads, long broken, long handedOver, long heldPackets, long heldBytes) {
    }

    @AfterEach
    void tearDown() throws Exception {
        stopDaemons();
        if (NET != null) {
            run(List.of(NET.toString(), "down"), 60);
        }
    }

    @Test
    void nonDisruptiveTransfersBreakNoConnectionWhereTheThesisTransfersBreakSome() throws Exception {
        NamespaceTestbed.assumeRunnable("ip", "nft", "curl", "nginx");
        assumeTrue(NET != null, "testbed/gateway/net not found");
        Outcome thesis = drive("thesis");
        Outcome ours = drive("non-disruptive");
        String report = String.format("gateway transfers, %d nodes, %d s of 1 MB downloads at 100 KB/s, stateful"
                + " nodes: thesis %d downloads, %d broken, %d rule hand-overs; non-disruptive %d downloads, %d broken,"
                + " %d rule hand-overs, %d packets (%d bytes) forwarded by a node for its connections after their rule"
                + " had left it%n",
                NODES, DRIVE_MS / 1000, thesis.downloads(), thesis.broken(), thesis.handedOver(), ours.downloads(),
                ours.broken(), ours.handedOver(), ours.heldPackets(), ours.heldBytes());
        System.out.print(report);
        Files.writeString(dir.resolve("report.txt"), report);
        assertThat(thesis.handedOver()).as("rules handed over, thesis").isPositive();
        assertThat(ours.handedOver()).as("rules handed over, non-disruptive").isPositive();
        // the old owner did forward connections after their rule had moved: the mode was exercised
        // (bytes, not packets: veth merges segments, so a few packets carry hundreds of kilobytes)
        assertThat(ours.heldBytes()).as("bytes of connections kept after their rule moved").isPositive();
        assertThat(ours.broken()).as("broken connections, non-disruptive").isZero();
        // the thesis's broken count is the contrast, reported rather than asserted: 1 to 7 of 64-96 downloads in
        // seven runs, so a run that happens to move no rule under a live download would fail a check for nothing
    }

    private Outcome drive(String mode) throws Exception {
        Path run = Files.createDirectories(dir.resolve(mode));
        ProcessBuilder up = new ProcessBuilder(NET.toString(), "up", Integer.toString(NODES), run.toString())
                .redirectErrorStream(true).redirectOutput(run.resolve("net.log").toFile());
        up.environment().put("UVG_PREFIX", PREFIX);
        up.environment().put("UVG_TRANSFER", mode);
        up.environment().put("UVG_STATEFUL", "1");
        assertThat(waitFor(up.start(), 60)).as("net up (%s)", Files.readString(run.resolve("net.log"))).isZero();
        String java = ProcessHandle.current().info().command().orElse("java");
        for (int node = 0; node < NODES; node++) {
            daemons.add(new ProcessBuilder("ip", "netns", "exec", PREFIX + "-n" + node, java, "-cp",
                    System.getProperty("java.class.path"), "org.unveil.gateway.GatewayMain",
                    run.resolve("node-" + node + ".conf").toString())
                    .redirectErrorStream(true).redirectOutput(run.resolve("node-" + node + ".log").toFile()).start());
        }
        for (int node = 0; node < NODES; node++) {
            Path log = run.resolve("node-" + node + ".log");
            long deadline = System.currentTimeMillis() + 30_000;
            // the whole start line: a log read mid-line once held "node 0: installed " and not yet the mode
            while (!Files.readString(log).contains(mode + " transfers") && System.currentTimeMillis() < deadline) {
                Thread.sleep(100);
            }
            assertThat(Files.readString(log)).as("node %d started (%s)", node, mode).contains("installed");
            assertThat(Files.readString(log)).contains(mode + " transfers");
        }
        ConcurrentLinkedQueue<Download> downloads = new ConcurrentLinkedQueue<>();
        ExecutorService clients = Executors.newFixedThreadPool(64);
        long end = System.currentTimeMillis() + DRIVE_MS;
        for (int n = 0; System.currentTimeMillis() < end; n++) {
            // a client port of its own for every connection, spread over the internal port space
            int clientPort = 1024 + (int) ((n * 40_503L) % 64_000);
            clients.submit(() -> downloads.add(download(clientPort)));
            Thread.sleep(EVERY_MS);
        }
        clients.shutdown();
        // a stalled download gives up after 4 s below 1 KB/s; 1 MB takes about 10 s
        assertThat(clients.awaitTermination(60, TimeUnit.SECONDS)).isTrue();
        long held = 0;
        long heldBytes = 0;
        for (int node = 0; node < NODES; node++) {
            Matcher m = HELD.matcher(Commands.output(List.of("ip", "netns", "exec", PREFIX + "-n" + node, "nft", "list",
                    "counter", "inet", "unveil_glob", "held")));
            if (m.find()) {
                held += Long.parseLong(m.group(1));
                heldBytes += Long.parseLong(m.group(2));
            }
        }
        stopDaemons();
        long handedOver = 0;
        for (int node = 0; node < NODES; node++) {
            Matcher m = HANDED.matcher(Files.readString(run.resolve("node-" + node + ".log")));
            long last = 0;
            while (m.find()) {
                last = Long.parseLong(m.group(1));
            }
            handedOver += last;
        }
        run(List.of(NET.toString(), "down"), 60);
        long broken = downloads.stream().filter(d -> !d.whole()).count();
        StringBuilder list = new StringBuilder("client_port,received,whole\n");
        downloads.forEach(d -> list.append(d.clientPort()).append(',').append(d.received()).append(',')
                .append(d.whole()).append('\n'));
        Files.writeString(run.resolve("downloads.csv"), list);
        String keep = System.getProperty("gateway.keep");
        if (keep != null) {
            // the run's node logs and downloads, for study after the run
            Path to = Files.createDirectories(Path.of(keep, mode));
            try (var files = Files.list(run)) {
                for (Path file : files.filter(Files::isRegularFile).toList()) {
                    Files.copy(file, to.resolve(file.getFileName()), StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
        return new Outcome(downloads.size(), broken, handedOver, held, heldBytes);
    }

    private void stopDaemons() {
        for (Process daemon : daemons) {
            daemon.destroyForcibly();
        }
        daemons.clear();
    }

    private Download download(int localPort) {
        try {
            Process curl = new ProcessBuilder("ip", "netns", "exec", PREFIX + "-cli", "curl", "-s", "-o",
                    "/dev/null", "--limit-rate", "100k", "--speed-limit", "1000", "--speed-time", "4", "--max-time",
                    "40", "--local-port", Integer.toString(localPort), "-w", "%{size_download} %{http_code}",
                    "http://203.0.113.10:8080/f1000000").redirectErrorStream(true).start();
            String out = new String(curl.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            curl.waitFor();
            String[] fields = out.split(" ");
            long received = fields.length == 2 ? Long.parseLong(fields[0]) : 0;
            boolean whole = curl.exitValue() == 0 && fields.length == 2 && fields[1].equals("200")
                    && received == 1_000_000;
            return new Download(localPort, received, whole);
        } catch (IOException | InterruptedException | NumberFormatException e) {
            return new Download(localPort, 0, false);
        }
    }

    private static int waitFor(Process p, int seconds) throws InterruptedException {
        if (!p.waitFor(seconds, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            return -1;
        }
        return p.exitValue();
    }

    private static int run(List<String> command, int seconds) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD);
        builder.environment().put("UVG_PREFIX", PREFIX);
        return waitFor(builder.start(), seconds);
    }
}
