package org.unveil.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * kill -9 of the active proxy at seeded points in the middle of transfers both ways (three connections at a
 * time, paced so the kill lands mid-stream); the standby must carry every connection on with no byte lost or
 * repeated. On loopback with a fixed upstream, so it needs no root; {@link TproxyTestbedTest} repeats it 50 times
 * through TPROXY in namespaces.
 */
@Tag("system")
class ProcessFailoverTest {
    static final int RUNS = Integer.getInteger("unveil.proxy.loopbackKillRuns", 10);

    @TempDir
    Path dir;

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    @Test
    void theStandbyTakesOverEveryConnectionAtSeededKillPoints() throws Exception {
        SplittableRandom seeds = new SplittableRandom(19);
        int complete = 0;
        List<String> failures = new ArrayList<>();
        try (TransferServer server = TransferServer.on(new InetSocketAddress("127.0.0.1", 0))) {
            for (int run = 0; run < RUNS; run++) {
                String outcome = oneRun(server, run, seeds.split());
                if (outcome == null) {
                    complete++;
                } else {
                    failures.add("run " + run + ": " + outcome);
                }
            }
        }
        System.out.println("process failover: " + complete + "/" + RUNS + " runs complete with identical checksums");
        assertThat(failures).isEmpty();
    }

    /** Null when every transfer of the run arrived whole both ways, else what went wrong. */
    static String oneRun(TransferServer server, int run, SplittableRandom random) throws Exception {
        Path runDir = Files.createTempDirectory("unveil-failover");
        int port = freePort();
        try (FailoverHarness proxies = new FailoverHarness(runDir, List.of(), "127.0.0.1:" + port,
                "127.0.0.1:" + server.port(), false)) {
            return transfersAcrossKill(server, proxies, new InetSocketAddress("127.0.0.1", port), run, random);
        } finally {
            try (var files = Files.walk(runDir)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    /** Opens a client connection (in whatever namespace the test's clients live). */
    interface Dialer {
        SocketChannel open(InetSocketAddress to) throws Exception;
    }

    static String transfersAcrossKill(TransferServer server, FailoverHarness proxies, InetSocketAddress to, int run,
            SplittableRandom random) throws Exception {
        return transfersAcrossKillVia(server, proxies, SocketChannel::open, to, run, random);
    }

    static String transfersAcrossKillVia(TransferServer server, FailoverHarness proxies, Dialer dialer,
            InetSocketAddress to, int run, SplittableRandom random) throws Exception {
        int connections = 3;
        long rate = 40L << 20; // 40 MiB/s per connection: a transfer lasts long enough to be cut
        List<long[]> plans = new ArrayList<>();
        List<TransferClient> clients = new ArrayList<>();
        List<CompletableFuture<TransferClient.Result>> results = new ArrayList<>();
        for (int i = 0; i < connections; i++) {
            long seed = run * 1000L + i;
            long up = random.nextLong(1 << 20, 8 << 20);
            long down = random.nextLong(4 << 20, 16 << 20);
            plans.add(new long[] {seed, up, down});
            TransferClient client = new TransferClient();
            clients.add(client);
            SocketChannel channel = dialer.open(to);
            results.add(CompletableFuture.supplyAsync(() -> client.run(channel, seed, up, down, rate),
                    r -> Thread.ofPlatform().daemon().start(r)));
        }
        // the kill point: a seeded share of the first connection's download
        long killAt = (long) (plans.get(0)[2] * random.nextDouble(0.05, 0.9));
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (clients.get(0).received.get() < killAt && !results.get(0).isDone() && System.nanoTime() < deadline) {
            Thread.sleep(1);
        }
        proxies.killActive();
        StringBuilder problems = new StringBuilder();
        for (int i = 0; i < connections; i++) {
            long[] plan = plans.get(i);
            TransferClient.Result r = results.get(i).get();
            if (r.error() != null) {
                problems.append(" connection ").append(i).append(": ").append(r.error());
            } else if (!r.downloadDigest().equals(SeededBytes.digest(plan[0], plan[2]))) {
                problems.append(" connection ").append(i).append(": download of ").append(plan[2])
                        .append(" bytes arrived as ").append(r.downloaded()).append(" different bytes");
            }
            String upload = server.awaitUpload(plan[0]);
            if (upload == null || !upload.equals(SeededBytes.digest(plan[0] ^ 0x5555, plan[1]))) {
                problems.append(" connection ").append(i).append(": upload of ").append(plan[1])
                        .append(" bytes arrived as ").append(server.uploadBytes.get(plan[0])).append(" bytes");
            }
        }
        // the transfers may all end before the standby has said so (a loaded machine): wait for its line, bounded
        String log = proxies.standbyLog();
        for (long until = System.nanoTime() + 10_000_000_000L; !log.contains("took over") && System.nanoTime() < until;
                log = proxies.standbyLog()) {
            Thread.sleep(50);
        }
        if (!log.contains("took over")) {
            problems.append(" the standby never took over");
        }
        return problems.isEmpty() ? null : problems + " | standby: " + log.strip();
    }
}
