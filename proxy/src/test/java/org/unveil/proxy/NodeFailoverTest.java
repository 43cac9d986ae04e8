package org.unveil.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
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
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Node failure in testbed/proxy-nodes: the active node's namespace is destroyed at a seeded point in the middle
 * of three transfers (both directions paced, so both are mid-stream), and the backup node restores every
 * connection with TCP_REPAIR. Each of the six streams a run is checked with SHA-256 against its seeded source,
 * in two modes: the kernel acknowledging as it does (the backup has only what the link carried: thesis §7.4),
 * and with the active node's copies of what it receives reaching the backup before its kernel acknowledges
 * them (§7.5.1: nothing acknowledged that the backup lacks). 3 runs a mode by default; -Dunveil.proxy.nodeRuns=20
 * for the 20.
 */
@Tag("system")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class NodeFailoverTest {
    static final int RUNS = Integer.getInteger("unveil.proxy.nodeRuns", 3);
    /** A stream that moved no byte for this long after the take-over is stalled, not slow. */
    static final long STALL_NANOS = 6_000_000_000L;
    static final long RATE = 12L << 20;
    private static final Pattern NAME = Pattern.compile("(pc)(\\d+)-.*");

    private final String prefix = "pc" + ProcessHandle.current().pid();
    private final List<String> table = new ArrayList<>();
    private Thread hook;

    /** How one stream came through a node loss. */
    enum Outcome {
        WHOLE, STALLED, SHORT, WRONG
    }

    /**
     * One stream's fate; for one that stalled, {@code lost} is what its sender's kernel had seen acknowledged (by
     * the dead node) beyond where the backup resumed it: bytes the sender will never send again (-1 if unknown).
     */
    record Stream(String name, long length, long received, Outcome outcome, long lost) {
        String cell() {
            return switch (outcome) {
                case WHOLE -> "whole";
                case STALLED -> "stalled at " + received + (lost >= 0 ? ", " + lost + " lost" : ", loss unknown");
                case SHORT -> "ended at " + received + " (" + (length - received) + " lost)";
                case WRONG -> received + " bytes, wrong digest";
            };
        }
    }

    @BeforeAll
    void up() throws Exception {
        ProxyTestbed.assumeRunnable();
        assumeTrue(onPath("nft"), "node fail-over needs nft (its network lock and the testbed's rules)");
        removeStale();
        hook = new Thread(() -> script("down", prefix));
        Runtime.getRuntime().addShutdownHook(hook);
    }

    @AfterAll
    void down() throws Exception {
        script("down", prefix);
        if (hook != null) {
            Runtime.getRuntime().removeShutdownHook(hook);
        }
        if (!table.isEmpty()) {
            Path out = Path.of("target", "node-failover.md");
            Files.createDirectories(out.getParent());
            Files.write(out, table);
            table.forEach(System.out::println);
        }
    }

    /** Namespaces a killed earlier run of this test left (its JVM is gone). */
    static void removeStale() throws Exception {
        Process p = new ProcessBuilder("ip", "netns", "list").start();
        String list = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor(10, TimeUnit.SECONDS);
        for (String line : list.split("\n")) {
            Matcher m = NAME.matcher(line.split(" ")[0]);
            if (m.matches() && ProcessHandle.of(Long.parseLong(m.group(2))).isEmpty()) {
                script("down", m.group(1) + m.group(2));
            }
        }
    }

    @Test
    void acknowledgingAsTheKernelDoesLosesWhatArrivedAfterTheLastSnapshot() throws Exception {
        List<Stream> streams = sweep(false, 1904);
        // no byte may be repeated or changed: a stream is whole, or short of what the backup never had
        assertThat(streams).noneMatch(s -> s.outcome() == Outcome.WRONG);
    }

    @Test
    void acknowledgingOnlyWhatTheBackupHoldsLosesNothing() throws Exception {
        List<Stream> streams = sweep(true, 1905);
        assertThat(streams).allMatch(s -> s.outcome() == Outcome.WHOLE, "every stream whole");
    }

    private List<Stream> sweep(boolean copies, long seed) throws Exception {
        SplittableRandom seeds = new SplittableRandom(seed);
        String mode = copies ? "(b) copies reach the backup before the kernel acknowledges" : "(a) the kernel acknowledges";
        List<Stream> all = new ArrayList<>();
        List<String> noTakeOver = new ArrayList<>();
        table.add("");
        table.add("node loss, mode " + mode + ", " + RUNS + " runs x 3 connections x 2 directions");
        table.add("| run | kill at | streams | whole | stalled/short | wrong | backup |");
        table.add("|---|---|---|---|---|---|---|");
        for (int run = 0; run < RUNS; run++) {
            Run r = oneRun(copies, run, seeds.split());
            all.addAll(r.streams);
            // the node is lost while the first download runs: there is always a connection to take over
            if (!r.backup.startsWith("took over") || r.backup.startsWith("took over 0 of")) {
                noTakeOver.add("run " + run + ": " + r.backup);
            }
            long whole = r.streams.stream().filter(s -> s.outcome() == Outcome.WHOLE).count();
            long lossy = r.streams.stream().filter(s -> s.outcome() == Outcome.STALLED || s.outcome() == Outcome.SHORT).count();
            long wrong = r.streams.stream().filter(s -> s.outcome() == Outcome.WRONG).count();
            StringBuilder detail = new StringBuilder();
            for (Stream s : r.streams) {
                if (s.outcome() != Outcome.WHOLE) {
                    detail.append(s.name()).append(' ').append(s.cell()).append("; ");
                }
            }
            table.add("| " + run + " | " + r.killAt + " | " + r.streams.size() + " | " + whole + " | " + lossy + " | " + wrong
                    + " | " + r.backup + (detail.isEmpty() ? "" : " — " + detail.toString().strip()) + " |");
        }
        long whole = all.stream().filter(s -> s.outcome() == Outcome.WHOLE).count();
        long stalled = all.stream().filter(s -> s.outcome() == Outcome.STALLED).count();
        long shortened = all.stream().filter(s -> s.outcome() == Outcome.SHORT).count();
        long wrong = all.stream().filter(s -> s.outcome() == Outcome.WRONG).count();
        long lost = all.stream().filter(s -> s.lost() > 0).mapToLong(Stream::lost).sum();
        long lossy = all.stream().filter(s -> s.lost() > 0).count();
        long unexplained = all.stream().filter(s -> s.outcome() == Outcome.STALLED && s.lost() <= 0).count();
        String summary = "node loss, mode " + mode + ": " + whole + "/" + all.size() + " streams whole, " + stalled
                + " stalled (" + lossy + " of them short of bytes the dead node had acknowledged, " + lost + " bytes in all; "
                + unexplained + " without such a gap), " + shortened + " ended short, " + wrong + " wrong (repeated or changed bytes)";
        table.add("");
        table.add(summary);
        System.out.println(summary);
        assertThat(noTakeOver).as("runs whose backup never took over").isEmpty();
        return all;
    }

    private record Run(String killAt, List<Stream> streams, String backup) {
    }

    private Run oneRun(boolean copies, int run, SplittableRandom random) throws Exception {
        assertThat(script("up", prefix, copies ? "copy" : "")).as("testbed/proxy-nodes up").isZero();
        Path dir = Files.createTempDirectory("unveil-node");
        Process backup = null;
        Process active = null;
        TransferServer server = null;
        List<SocketChannel> channels = new ArrayList<>();
        try (Netns serverNs = new Netns(prefix + "-server"); Netns client = new Netns(prefix + "-client")) {
            server = serverNs.call(() -> TransferServer.on(new InetSocketAddress("203.0.113.10", 8000)));
            awaitReachable();
            backup = start("b", dir, "node-backup", "0.0.0.0:15001", "-", dir.resolve("state-b").toString(),
                    "198.51.100.2:7000", "transparent", copies ? "r0" : "-", "ip link set c0 up && ip link set s0 up");
            active = start("a", dir, "node-active", "0.0.0.0:15001", "-", dir.resolve("state-a").toString(),
                    "198.51.100.2:7000", "transparent");
            int connections = 3;
            List<Integer> clientPorts = new ArrayList<>();
            List<long[]> plans = new ArrayList<>();
            List<TransferClient> clients = new ArrayList<>();
            List<CompletableFuture<TransferClient.Result>> results = new ArrayList<>();
            for (int i = 0; i < connections; i++) {
                long seed = (copies ? 50_000L : 40_000L) + run * 10L + i;
                long up = random.nextLong(2 << 20, 8 << 20);
                long down = random.nextLong(4 << 20, 12 << 20);
                plans.add(new long[] {seed, up, down});
                TransferClient tc = new TransferClient();
                clients.add(tc);
                SocketChannel channel = client.call(() -> SocketChannel.open(new InetSocketAddress("203.0.113.10", 8000)));
                channels.add(channel);
                clientPorts.add(((InetSocketAddress) channel.getLocalAddress()).getPort());
                results.add(CompletableFuture.supplyAsync(() -> tc.run(channel, seed, up, down, RATE, RATE / 2),
                        r -> Thread.ofPlatform().daemon().start(r)));
            }
            double share = random.nextDouble(0.1, 0.7);
            long killAt = (long) (plans.get(0)[2] * share);
            long deadline = System.nanoTime() + 30_000_000_000L;
            while (clients.get(0).received.get() < killAt && !results.get(0).isDone() && System.nanoTime() < deadline) {
                Thread.sleep(1);
            }
            long at = clients.get(0).received.get();
            assertThat(script("fail", prefix)).as("testbed/proxy-nodes fail").isZero();
            awaitEndOrStall(clients, results, server, plans);
            java.util.Map<Integer, Long> clientAcked = java.util.Map.of();
            java.util.Map<Integer, Long> serverAcked = java.util.Map.of();
            TransferServer far = server;
            if (!results.stream().allMatch(CompletableFuture::isDone) || plans.stream().anyMatch(
                    pl -> !far.uploads.containsKey(pl[0]))) {
                sockets(dir.resolve("ss.txt"));
                clientAcked = acked("client", true);
                serverAcked = acked("server", false);
            }
            String backupLog = Files.readString(dir.resolve("b.log"));
            for (SocketChannel c : channels) {
                c.close(); // a stalled transfer ends here; a finished one is closed already
            }
            List<Stream> streams = new ArrayList<>();
            for (int i = 0; i < connections; i++) {
                long[] plan = plans.get(i);
                int port = clientPorts.get(i);
                Matcher m = Pattern.compile("restored 192\\.0\\.2\\.2:" + port + " -> \\S+ \\(via [\\d.]+:(\\d+)\\): client "
                        + "to server resumes at byte (\\d+) .*server to client at byte (\\d+) ").matcher(backupLog);
                boolean restored = m.find();
                TransferClient.Result r = results.get(i).get(10, TimeUnit.SECONDS);
                boolean ended = r.error() == null;
                // the server's socket counts no SYN in bytes_acked (it accepted); the client's counts its SYN
                Long downAcked = restored ? serverAcked.get(Integer.parseInt(m.group(1))) : null;
                if (restored && downAcked == null && server.uploads.containsKey(plan[0])) {
                    // the server closed its socket and the kernel no longer lists it with counts: it is closed or
                    // waiting after its FIN, so the dead node had acknowledged the whole download
                    downAcked = plan[2];
                }
                streams.add(classify("c" + i + " down", plan[2], r.downloaded(), ended,
                        SeededBytes.digest(plan[0], plan[2]).equals(r.downloadDigest()),
                        downAcked == null ? -1 : Math.min(downAcked, plan[2]) - Long.parseLong(m.group(3))));
                String upload = server.uploads.get(plan[0]);
                AtomicLong progress = server.uploadProgress.get(plan[0]);
                long got = progress == null ? 0 : progress.get();
                Long upAcked = restored ? clientAcked.get(port) : null;
                // the upload stream's offsets count the 16-byte header the server does not count as upload
                streams.add(classify("c" + i + " up", plan[1], got, upload != null,
                        SeededBytes.digest(plan[0] ^ 0x5555, plan[1]).equals(upload),
                        upAcked == null ? -1 : Math.min(upAcked - 1, plan[1] + 16) - Long.parseLong(m.group(2))));
            }
            String log = backupLog;
            String took = log.lines().filter(l -> l.contains("took over")).findFirst().orElse("backup never took over: "
                    + log.strip().replace('\n', ' '));
            return new Run(String.format("%.0f%% (%d B)", 100 * share, at), streams,
                    took.replaceFirst("^backup: ", ""));
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
            script("down", prefix);
            Path keep = Path.of("target", "node-failover-logs");
            Files.createDirectories(keep);
            for (String node : List.of("a", "b", "ss")) {
                Path log = dir.resolve(node.equals("ss") ? "ss.txt" : node + ".log");
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

    /** The server answers from node a (a fresh bridge may need a moment); bounded at 10 s. */
    private void awaitReachable() throws Exception {
        awaitReachable(prefix);
    }

    /** As above, for the testbed of {@code prefix}. */
    static void awaitReachable(String prefix) throws Exception {
        String failure = null;
        try (Netns a = new Netns(prefix + "-a")) {
            for (long until = System.nanoTime() + 10_000_000_000L; System.nanoTime() < until; Thread.sleep(50)) {
                failure = a.call(() -> {
                    try (SocketChannel probe = SocketChannel.open(new InetSocketAddress("203.0.113.10", 8000))) {
                        return null;
                    } catch (IOException e) {
                        return e.getMessage();
                    }
                });
                if (failure == null) {
                    return;
                }
            }
        }
        throw new IllegalStateException("the server never answered node a: " + failure);
    }

    /** What the kernels of the client, the backup and the server say of the stalled connections (for the log). */
    private void sockets(Path to) throws Exception {
        StringBuilder out = new StringBuilder();
        for (String node : List.of("client", "b", "server")) {
            Process p = new ProcessBuilder("ip", "netns", "exec", prefix + "-" + node, "ss", "-tinoem")
                    .redirectErrorStream(true).start();
            out.append("== ").append(node).append('\n').append(new String(p.getInputStream().readAllBytes(),
                    StandardCharsets.UTF_8));
            p.waitFor(10, TimeUnit.SECONDS);
            p = new ProcessBuilder("ip", "netns", "exec", prefix + "-" + node, "nstat", "-az").redirectErrorStream(true).start();
            for (String line : new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                String[] f = line.trim().split("\\s+");
                if (f.length >= 2 && (f[0].contains("PAWS") || f[0].contains("Challenge") || f[0].contains("OFO")
                        || f[0].contains("Skipped") || f[0].contains("Drop") || f[0].contains("Old")) && !f[1].equals("0")) {
                    out.append(line).append('\n');
                }
            }
            p.waitFor(10, TimeUnit.SECONDS);
        }
        Files.writeString(to, out);
    }

    /**
     * bytes_acked of each TCP socket in a namespace, by the client's port ({@code byLocalPort}: the client's own
     * sockets) or by the peer's port (the server's sockets, whose peer is the proxy's end).
     */
    private java.util.Map<Integer, Long> acked(String node, boolean byLocalPort) throws Exception {
        Process p = new ProcessBuilder("ip", "netns", "exec", prefix + "-" + node, "ss", "-tinH").start();
        String[] lines = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).split("\n");
        p.waitFor(10, TimeUnit.SECONDS);
        java.util.Map<Integer, Long> out = new java.util.HashMap<>();
        Integer key = null;
        for (String line : lines) {
            String[] f = line.trim().split("\\s+");
            if (f.length >= 5 && f[3].contains(":") && f[4].contains(":") && !line.startsWith("\t")) {
                String end = byLocalPort ? f[3] : f[4];
                key = Integer.parseInt(end.substring(end.lastIndexOf(':') + 1));
            }
            Matcher m = Pattern.compile("bytes_acked:(\\d+)").matcher(line);
            if (m.find() && key != null) {
                out.put(key, Long.parseLong(m.group(1)));
                key = null;
            }
        }
        return out;
    }

    private static Stream classify(String name, long length, long received, boolean ended, boolean digestMatches,
            long lost) {
        Outcome o;
        if (ended && digestMatches) {
            o = Outcome.WHOLE;
        } else if (received > length || (ended && received == length)) {
            o = Outcome.WRONG;
        } else {
            o = ended ? Outcome.SHORT : Outcome.STALLED;
        }
        return new Stream(name, length, received, o, o == Outcome.STALLED ? lost : -1);
    }

    /** Until every stream has ended, or none moved for {@link #STALL_NANOS} (bounded at 60 s in all). */
    private static void awaitEndOrStall(List<TransferClient> clients, List<CompletableFuture<TransferClient.Result>> results,
            TransferServer server, List<long[]> plans) throws InterruptedException {
        long last = -1;
        long quietSince = System.nanoTime();
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (System.nanoTime() < deadline) {
            boolean done = results.stream().allMatch(CompletableFuture::isDone);
            long moved = 0;
            for (int i = 0; i < clients.size(); i++) {
                moved += clients.get(i).received.get();
                AtomicLong p = server.uploadProgress.get(plans.get(i)[0]);
                moved += p == null ? 0 : p.get();
                done &= server.uploads.containsKey(plans.get(i)[0]);
            }
            if (done) {
                return;
            }
            if (moved != last) {
                last = moved;
                quietSince = System.nanoTime();
            } else if (System.nanoTime() - quietSince > STALL_NANOS) {
                return;
            }
            Thread.sleep(20);
        }
    }

    private Process start(String node, Path dir, String... args) throws Exception {
        return NodeProcess.start(prefix + "-" + node, dir.resolve(node + ".log"), List.of(), args);
    }

    private static Path scriptPath() {
        return ProxyTestbed.script().resolveSibling("proxy-nodes");
    }

    static int script(String... args) {
        List<String> command = new ArrayList<>(List.of("bash", scriptPath().toString()));
        for (String a : args) {
            if (!a.isEmpty()) {
                command.add(a);
            }
        }
        try {
            Process p = new ProcessBuilder(command).inheritIO().start();
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return -1;
            }
            return p.exitValue();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    static boolean onPath(String tool) {
        String path = System.getenv().getOrDefault("PATH", "") + File.pathSeparator + "/usr/sbin:/sbin";
        for (String d : path.split(File.pathSeparator)) {
            if (!d.isEmpty() && Files.isExecutable(Path.of(d, tool))) {
                return true;
            }
        }
        return false;
    }
}
