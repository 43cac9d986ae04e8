package org.unveil.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.InetSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Node failure in HTTP mode (testbed/proxy-nodes, as {@link NodeFailoverTest}): three keep-alive connections of
 * six requests each (downloads, a Content-Length and a chunked upload, a small GET, a refused DELETE last)
 * through node a, whose namespace is destroyed at a seeded point; the backup rebuilds each connection's filter
 * from the replicated snapshot and the client's bytes after it, and restores both sockets with TCP_REPAIR. With
 * the active node's copies reaching the backup before its kernel acknowledges (mode b), every body's SHA-256 must
 * equal its seed's, the refusal must come as configured, and no connection may be reset. 2 runs by default;
 * -Dunveil.proxy.httpNodeRuns=N for more, -Dunveil.proxy.httpNodeModes=ab to measure mode (a) too.
 */
@Tag("system")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HttpNodeFailoverTest {
    static final int RUNS = Integer.getInteger("unveil.proxy.httpNodeRuns", 2);
    static final String MODES = System.getProperty("unveil.proxy.httpNodeModes", "b");
    static final long STALL_NANOS = 6_000_000_000L;
    static final long RATE = 12L << 20;

    private final String prefix = "pc" + ProcessHandle.current().pid();
    private final List<String> table = new ArrayList<>();
    private Thread hook;

    @BeforeAll
    void up() throws Exception {
        ProxyTestbed.assumeRunnable();
        assumeTrue(NodeFailoverTest.onPath("nft"), "node fail-over needs nft (its network lock and the testbed's rules)");
        NodeFailoverTest.removeStale();
        hook = new Thread(() -> NodeFailoverTest.script("down", prefix));
        Runtime.getRuntime().addShutdownHook(hook);
    }

    @AfterAll
    void down() throws Exception {
        NodeFailoverTest.script("down", prefix);
        if (hook != null) {
            Runtime.getRuntime().removeShutdownHook(hook);
        }
        if (!table.isEmpty()) {
            Path out = Path.of("target", "http-node-failover.md");
            Files.createDirectories(out.getParent());
            Files.write(out, table);
            table.forEach(System.out::println);
        }
    }

    @Test
    void theBackupNodeCarriesHttpConnectionsOnWithNothingLost() throws Exception {
        assumeTrue(MODES.contains("b"), "mode (b) not asked for (-Dunveil.proxy.httpNodeModes)");
        List<String> failures = sweep(true, 1906);
        assertThat(failures).isEmpty();
    }

    @Test
    void withoutCopiesTheLossIsMeasured() throws Exception {
        assumeTrue(MODES.contains("a"), "mode (a) is measured with -Dunveil.proxy.httpNodeModes=ab");
        List<String> failures = sweep(false, 1907);
        // mode (a) may stall a connection (bytes the dead node acknowledged are gone), never deliver a wrong byte
        assertThat(failures).noneMatch(f -> f.contains("different bytes") || f.contains(" as "));
    }

    /** Two runs by default; proxy/README.md, "Limits", has a sweep of 20. */
    static final int THIRD_RUNS = Integer.getInteger("unveil.proxy.thirdNodeRuns", 2);

    @Test
    void aThirdNodeTakesOverWhenTheBackupIsLostToo() throws Exception {
        assumeTrue(THIRD_RUNS > 0, "two successive node losses are off (-Dunveil.proxy.thirdNodeRuns=0)");
        SplittableRandom seeds = new SplittableRandom(1908);
        List<String> failures = new ArrayList<>();
        table.add("");
        table.add("HTTP, two node losses (a, then b after it took over; copies each time), " + THIRD_RUNS + " runs");
        for (int run = 0; run < THIRD_RUNS; run++) {
            List<String> problems = new ArrayList<>();
            String row = twoLosses(run, seeds.split(), problems);
            table.add("run " + run + ": " + row + (problems.isEmpty() ? "" : " — " + String.join("; ", problems)));
            System.out.println("two node losses, run " + run + ": " + row + " " + problems);
            for (String p : problems) {
                failures.add("run " + run + ": " + p);
            }
        }
        assertThat(failures).isEmpty();
    }

    /** Node a lost at a seeded 10-35 % of connection 0's bytes, node b (which took over) at 55-85 %. */
    private String twoLosses(int run, SplittableRandom random, List<String> problems) throws Exception {
        assertThat(NodeFailoverTest.script("up", prefix, "copy", "third")).as("testbed/proxy-nodes up").isZero();
        Path dir = Files.createTempDirectory("unveil-http-node2");
        List<Process> nodes = new ArrayList<>();
        HttpTestServer server = null;
        List<SocketChannel> channels = new ArrayList<>();
        try (Netns serverNs = new Netns(prefix + "-server"); Netns client = new Netns(prefix + "-client")) {
            server = serverNs.call(() -> HttpTestServer.on(new InetSocketAddress("203.0.113.10", 8000)));
            NodeFailoverTest.awaitReachable(prefix);
            Path copyOn = dir.resolve("copy-to-c.nft");
            Files.writeString(copyOn, "table ip unveilcopy {\n chain prerouting {\n  type filter hook prerouting priority"
                    + " -250; policy accept;\n  iifname { \"c0\", \"s0\" } ip protocol tcp dup to 198.51.100.3 device"
                    + " \"r0\"\n }\n}\n");
            nodes.add(start("c", dir, "node-backup", "0.0.0.0:15001", "-", dir.resolve("state-c").toString(),
                    "198.51.100.3:7000", "transparent", "r0", "ip link set c0 up && ip link set s0 up"));
            nodes.add(start("b", dir, "node-backup", "0.0.0.0:15001", "-", dir.resolve("state-b").toString(),
                    "198.51.100.2:7000", "transparent", "r0",
                    "ip link set c0 up && ip link set s0 up && nft -f " + copyOn, "198.51.100.3:7000"));
            nodes.add(start("a", dir, "node-active", "0.0.0.0:15001", "-", dir.resolve("state-a").toString(),
                    "198.51.100.2:7000", "transparent"));
            List<List<HttpTransferClient.Step>> plans = new ArrayList<>();
            List<HttpTransferClient> clients = new ArrayList<>();
            List<CompletableFuture<String>> results = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                List<HttpTransferClient.Step> plan = HttpTransferClient.plan(80_000L + run * 100L + i * 10L, random);
                plans.add(plan);
                HttpTransferClient hc = new HttpTransferClient();
                clients.add(hc);
                SocketChannel channel = connect(client);
                channels.add(channel);
                results.add(CompletableFuture.supplyAsync(() -> hc.run(channel, plan, RATE / 3),
                        r -> Thread.ofPlatform().daemon().start(r)));
            }
            long total = plans.getFirst().stream().mapToLong(HttpTransferClient.Step::bytes).sum();
            long first = (long) (total * random.nextDouble(0.1, 0.35));
            long second = (long) (total * random.nextDouble(0.55, 0.85));
            awaitMoved(clients.getFirst(), results.getFirst(), first);
            long firstAt = clients.getFirst().moved.get();
            assertThat(NodeFailoverTest.script("fail", prefix, "a")).as("testbed/proxy-nodes fail a").isZero();
            Path bLog = dir.resolve("b.log");
            for (long until = System.nanoTime() + 15_000_000_000L; !Files.readString(bLog).contains("onward")
                    && System.nanoTime() < until;) {
                Thread.sleep(20);
            }
            awaitMoved(clients.getFirst(), results.getFirst(), second);
            long secondAt = clients.getFirst().moved.get();
            String bSaid = Files.readString(bLog);
            assertThat(NodeFailoverTest.script("fail", prefix, "b")).as("testbed/proxy-nodes fail b").isZero();
            awaitEndOrStall(clients, results);
            if (!results.stream().allMatch(CompletableFuture::isDone)) {
                StringBuilder ss = new StringBuilder();
                for (String node : List.of("client", "c", "server")) {
                    Process p = new ProcessBuilder("ip", "netns", "exec", prefix + "-" + node, "ss", "-tino")
                            .redirectErrorStream(true).start();
                    ss.append("== ").append(node).append('\n')
                            .append(new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
                    p.waitFor(10, TimeUnit.SECONDS);
                }
                Files.writeString(dir.resolve("ss.log"), ss);
            }
            for (SocketChannel c : channels) {
                c.close();
            }
            for (int i = 0; i < 3; i++) {
                String r = results.get(i).get(10, TimeUnit.SECONDS);
                if (r != null) {
                    problems.add("connection " + i + ": " + r);
                    continue;
                }
                for (HttpTransferClient.Step step : plans.get(i)) {
                    boolean upload = step.kind() == HttpTransferClient.Kind.UPLOAD
                            || step.kind() == HttpTransferClient.Kind.CHUNKED_UPLOAD;
                    if (upload && !SeededBytes.digest(step.seed(), step.length()).equals(server.uploads.get(step.seed()))) {
                        problems.add("connection " + i + ": upload " + step.seed() + " not whole at the server");
                    }
                }
            }
            String cSaid = Files.readString(dir.resolve("c.log"));
            String bTook = bSaid.lines().filter(l -> l.contains("took over") || l.contains("onward")).toList().toString();
            String cTook = cSaid.lines().filter(l -> l.contains("took over")).findFirst().orElse("node c never took over");
            if (!bSaid.contains("replicating")) {
                problems.add("node b did not replicate onward: " + bTook);
            }
            if (!cTook.contains("took over") || cTook.contains("took over 0 of")) {
                problems.add("node c took over no connection: " + cTook);
            }
            return "lost a after " + firstAt + " and b after " + secondAt + " of " + total + " bytes of connection 0; b: "
                    + bTook + "; c: " + cTook;
        } finally {
            for (Process p : nodes) {
                p.destroyForcibly();
                p.waitFor(10, TimeUnit.SECONDS);
            }
            for (SocketChannel c : channels) {
                c.close();
            }
            if (server != null) {
                server.close();
            }
            NodeFailoverTest.script("down", prefix);
            Path keep = Path.of("target", "http-node-failover-logs");
            Files.createDirectories(keep);
            for (String node : List.of("a", "b", "c", "ss")) {
                Path log = dir.resolve(node + ".log");
                if (Files.exists(log)) {
                    Files.copy(log, keep.resolve("two-losses-run" + run + "-node-" + node + ".log"),
                            java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                }
            }
            try (var files = Files.walk(dir)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static void awaitMoved(HttpTransferClient client, CompletableFuture<String> result, long moved)
            throws InterruptedException {
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (client.moved.get() < moved && !result.isDone() && System.nanoTime() < deadline) {
            Thread.sleep(1);
        }
    }

    private List<String> sweep(boolean copies, long seed) throws Exception {
        SplittableRandom seeds = new SplittableRandom(seed);
        String mode = copies ? "(b) copies" : "(a) no copies";
        table.add("");
        table.add("HTTP node loss, mode " + mode + ", " + RUNS + " runs x 3 connections x 6 requests");
        table.add("| run | node lost at (connection 0) | connections whole | requests answered | backup |");
        table.add("|---|---|---|---|---|");
        List<String> failures = new ArrayList<>();
        int whole = 0;
        for (int run = 0; run < RUNS; run++) {
            List<String> problems = new ArrayList<>();
            String[] row = oneRun(copies, run, seeds.split(), problems);
            // a connection is whole when no problem names it (a run's own problems, as no take-over, name none)
            long bad = problems.stream().filter(p -> p.startsWith("connection ")).map(p -> p.substring(0, 12))
                    .distinct().count();
            whole += 3 - (int) bad;
            table.add("| " + run + " | " + row[0] + " | " + (3 - bad) + "/3 | " + row[1] + " | " + row[2]
                    + (problems.isEmpty() ? "" : " — " + String.join("; ", problems)) + " |");
            for (String p : problems) {
                failures.add("run " + run + ": " + p);
            }
        }
        String summary = "HTTP node loss, mode " + mode + ": " + whole + "/" + 3 * RUNS + " connections whole";
        table.add("");
        table.add(summary);
        System.out.println(summary);
        return failures;
    }

    /** One run; returns the table cells (kill point, answers, the backup's take-over line), problems added. */
    private String[] oneRun(boolean copies, int run, SplittableRandom random, List<String> problems) throws Exception {
        assertThat(NodeFailoverTest.script("up", prefix, copies ? "copy" : "")).as("testbed/proxy-nodes up").isZero();
        Path dir = Files.createTempDirectory("unveil-http-node");
        Process backup = null;
        Process active = null;
        HttpTestServer server = null;
        List<SocketChannel> channels = new ArrayList<>();
        try (Netns serverNs = new Netns(prefix + "-server"); Netns client = new Netns(prefix + "-client")) {
            server = serverNs.call(() -> HttpTestServer.on(new InetSocketAddress("203.0.113.10", 8000)));
            // a fresh bridge may need a moment (a run once had node a's connection to the server never complete)
            NodeFailoverTest.awaitReachable(prefix);
            backup = start("b", dir, "node-backup", "0.0.0.0:15001", "-", dir.resolve("state-b").toString(),
                    "198.51.100.2:7000", "transparent", copies ? "r0" : "-", "ip link set c0 up && ip link set s0 up");
            active = start("a", dir, "node-active", "0.0.0.0:15001", "-", dir.resolve("state-a").toString(),
                    "198.51.100.2:7000", "transparent");
            List<List<HttpTransferClient.Step>> plans = new ArrayList<>();
            List<HttpTransferClient> clients = new ArrayList<>();
            List<CompletableFuture<String>> results = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                List<HttpTransferClient.Step> plan = HttpTransferClient.plan((copies ? 70_000L : 60_000L) + run * 100L
                        + i * 10L, random);
                plans.add(plan);
                HttpTransferClient hc = new HttpTransferClient();
                clients.add(hc);
                SocketChannel channel = connect(client);
                channels.add(channel);
                results.add(CompletableFuture.supplyAsync(() -> hc.run(channel, plan, RATE),
                        r -> Thread.ofPlatform().daemon().start(r)));
            }
            long total = plans.getFirst().stream().mapToLong(HttpTransferClient.Step::bytes).sum();
            double share = random.nextDouble(0.1, 0.7);
            long killAt = (long) (total * share);
            long deadline = System.nanoTime() + 30_000_000_000L;
            while (clients.getFirst().moved.get() < killAt && !results.getFirst().isDone()
                    && System.nanoTime() < deadline) {
                Thread.sleep(1);
            }
            long at = clients.getFirst().moved.get();
            String answeredAtKill = clients.stream().map(c -> String.valueOf(c.answered.get())).toList().toString();
            assertThat(NodeFailoverTest.script("fail", prefix)).as("testbed/proxy-nodes fail").isZero();
            awaitEndOrStall(clients, results);
            for (SocketChannel c : channels) {
                c.close(); // a stalled connection ends here
            }
            for (int i = 0; i < 3; i++) {
                String r = results.get(i).get(10, TimeUnit.SECONDS);
                if (r != null) {
                    problems.add("connection " + i + ": " + r);
                    continue;
                }
                for (HttpTransferClient.Step step : plans.get(i)) {
                    boolean upload = step.kind() == HttpTransferClient.Kind.UPLOAD
                            || step.kind() == HttpTransferClient.Kind.CHUNKED_UPLOAD;
                    if (upload && !SeededBytes.digest(step.seed(), step.length()).equals(server.uploads.get(step.seed()))) {
                        problems.add("connection " + i + ": upload " + step.seed() + " not whole at the server");
                    }
                    if (server.seen.contains("DELETE /up/" + step.seed())) {
                        problems.add("connection " + i + ": the refused request reached the server");
                    }
                }
            }
            if (!server.withSecret.isEmpty()) {
                problems.add("X-Secret reached the server: " + server.withSecret);
            }
            String log = Files.readString(dir.resolve("b.log"));
            String took = log.lines().filter(l -> l.contains("took over")).findFirst()
                    .orElse("backup never took over: " + log.strip().replace('\n', ' ')).replaceFirst("^backup: ", "");
            if (!took.startsWith("took over") || took.startsWith("took over 0 of")) {
                problems.add("no connection taken over: " + took);
            }
            String answered = clients.stream().map(c -> String.valueOf(c.answered.get())).toList().toString();
            return new String[] {String.format("%.0f%% (%d B)", 100 * share, at),
                    answeredAtKill + " at the loss, " + answered + " in the end", took};
        } finally {
            for (Process p : new Process[] {active, backup}) {
                if (p != null) {
                    p.destroyForcibly();
                    p.waitFor(10, TimeUnit.SECONDS);
                }
            }
            for (SocketChannel c : channels) {
                c.close();
            }
            if (server != null) {
                server.close();
            }
            NodeFailoverTest.script("down", prefix);
            Path keep = Path.of("target", "http-node-failover-logs");
            Files.createDirectories(keep);
            for (String node : List.of("a", "b")) {
                Path log = dir.resolve(node + ".log");
                if (Files.exists(log)) {
                    Files.copy(log, keep.resolve((copies ? "b" : "a") + "-run" + run + "-node-" + node + ".log"),
                            java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                }
            }
            try (var files = Files.walk(dir)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    /** A connection from the client's namespace through node a (a fresh bridge may need a moment; 10 s bound). */
    private static SocketChannel connect(Netns client) throws Exception {
        Exception last = null;
        for (long until = System.nanoTime() + 10_000_000_000L; System.nanoTime() < until; Thread.sleep(50)) {
            try {
                return client.call(() -> SocketChannel.open(new InetSocketAddress("203.0.113.10", 8000)));
            } catch (Exception e) {
                last = e;
            }
        }
        throw new IllegalStateException("the server never answered through node a: " + last);
    }

    /** Until every connection has ended, or none moved for {@link #STALL_NANOS} (bounded at 60 s in all). */
    private static void awaitEndOrStall(List<HttpTransferClient> clients, List<CompletableFuture<String>> results)
            throws InterruptedException {
        long last = -1;
        long quietSince = System.nanoTime();
        for (long deadline = System.nanoTime() + 60_000_000_000L; System.nanoTime() < deadline; Thread.sleep(20)) {
            if (results.stream().allMatch(CompletableFuture::isDone)) {
                return;
            }
            long moved = clients.stream().mapToLong(c -> c.moved.get()).sum();
            if (moved != last) {
                last = moved;
                quietSince = System.nanoTime();
            } else if (System.nanoTime() - quietSince > STALL_NANOS) {
                return;
            }
        }
    }

    private Process start(String node, Path dir, String... args) throws Exception {
        return NodeProcess.start(prefix + "-" + node, dir.resolve(node + ".log"), List.of("-Dunveil.test.http=true"), args);
    }
}
