package org.unveil.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The proxy through TPROXY in testbed/proxy's namespaces (client 192.0.2.2, proxy node, servers 203.0.113.10
 * and .11): whole transfers to their original destinations, speed against the routed direct path, and kill -9
 * of the active proxy at 50 seeded points with the standby taking over.
 */
@Tag("system")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TproxyTestbedTest {
    static final int KILL_RUNS = Integer.getInteger("unveil.proxy.killRuns", 50);

    private ProxyTestbed bed;
    private Netns client;
    private TransferServer first;
    private TransferServer second;
    private TransferServer direct;
    private ServerSocketChannel echo;
    private ServerSocketChannel echoDirect;

    @BeforeAll
    void up() throws Exception {
        ProxyTestbed.assumeRunnable();
        bed = new ProxyTestbed();
        client = new Netns(bed.namespace("client"));
        try (Netns server = new Netns(bed.namespace("server"))) {
            first = server.call(() -> TransferServer.on(new InetSocketAddress("203.0.113.10", 8000)));
            second = server.call(() -> TransferServer.on(new InetSocketAddress("203.0.113.11", 8001)));
            direct = server.call(() -> TransferServer.on(new InetSocketAddress("203.0.113.10", 9000)));
            echo = server.call(() -> echoServer(8002));
            echoDirect = server.call(() -> echoServer(9002));
        }
    }

    @AfterAll
    void down() throws Exception {
        for (AutoCloseable c : Arrays.asList(first, second, direct, echo, echoDirect, client, bed)) {
            if (c != null) {
                c.close();
            }
        }
    }

    private static ServerSocketChannel echoServer(int port) throws Exception {
        ServerSocketChannel s = ServerSocketChannel.open().bind(new InetSocketAddress("203.0.113.10", port));
        Thread.ofPlatform().daemon().start(() -> {
            while (s.isOpen()) {
                try {
                    SocketChannel c = s.accept();
                    Thread.ofPlatform().daemon().start(() -> {
                        ByteBuffer b = ByteBuffer.allocate(1024);
                        try (c) {
                            while (c.read(b.clear()) > 0) {
                                c.write(b.flip());
                            }
                        } catch (Exception e) {
                            // client gone
                        }
                    });
                } catch (Exception e) {
                    return;
                }
            }
        });
        return s;
    }

    private Process singleProxy(Path dir) throws Exception {
        List<String> command = new ArrayList<>(bed.in("proxy"));
        command.addAll(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED", "-Xmx256m", "-cp", System.getProperty("java.class.path"),
                ProxyProcess.class.getName(), "active", "0.0.0.0:15001", "-", dir.resolve("state").toString(), "-",
                "transparent"));
        Process p = new ProcessBuilder(command).redirectError(dir.resolve("proxy.log").toFile()).start();
        String line = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8)).readLine();
        assertThat(line).as("proxy start: " + Files.readString(dir.resolve("proxy.log"))).isEqualTo("ready");
        return p;
    }

    private SocketChannel connect(String address, int port) throws Exception {
        return client.call(() -> SocketChannel.open(new InetSocketAddress(address, port)));
    }

    @Test
    void transfersOfOneToAHundredMegabytesReachTheirOriginalDestinationsWhole() throws Exception {
        Path dir = Files.createTempDirectory("unveil-tproxy");
        Process proxy = singleProxy(dir);
        try {
            long[][] plans = {{1, 1 << 20, 1 << 20}, {2, 10 << 20, 10 << 20}, {3, 1 << 20, 100 << 20}};
            for (long[] plan : plans) {
                TransferClient.Result r = new TransferClient().run(connect("203.0.113.10", 8000), plan[0], plan[1],
                        plan[2], 0);
                assertThat(r.error()).isNull();
                assertThat(r.downloadDigest()).isEqualTo(SeededBytes.digest(plan[0], plan[2]));
                assertThat(first.awaitUpload(plan[0])).isEqualTo(SeededBytes.digest(plan[0] ^ 0x5555, plan[1]));
            }
            // the other address and port: the proxy connects where the client meant to go
            TransferClient.Result r = new TransferClient().run(connect("203.0.113.11", 8001), 4, 1 << 20, 1 << 20, 0);
            assertThat(r.downloadDigest()).isEqualTo(SeededBytes.digest(4, 1 << 20));
            assertThat(second.awaitUpload(4)).isEqualTo(SeededBytes.digest(4 ^ 0x5555, 1 << 20));
            assertThat(first.uploads).doesNotContainKey(4L);
        } finally {
            proxy.destroy();
            proxy.waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void throughputAndLatencyAgainstTheDirectPath() throws Exception {
        Path dir = Files.createTempDirectory("unveil-tproxy");
        Process proxy = singleProxy(dir);
        try {
            long size = 200L << 20;
            double directRate = 0;
            double proxyRate = 0;
            for (int i = 0; i < 3; i++) {
                directRate = Math.max(directRate, rate(direct, 9000, 10 + i, size));
                proxyRate = Math.max(proxyRate, rate(first, 8000, 20 + i, size));
            }
            double directRtt = medianRoundTripMicros(9002);
            double proxyRtt = medianRoundTripMicros(8002);
            System.out.printf("proxy throughput: direct %.0f MB/s, through the proxy %.0f MB/s (%.0f%%); "
                    + "round trip: direct %.1f us, through the proxy %.1f us (+%.1f us)%n", directRate / 1e6,
                    proxyRate / 1e6, 100 * proxyRate / directRate, directRtt, proxyRtt, proxyRtt - directRtt);
            assertThat(proxyRate).isGreaterThan(0.5 * directRate);
        } finally {
            proxy.destroy();
            proxy.waitFor(10, TimeUnit.SECONDS);
        }
    }

    private double rate(TransferServer server, int port, long seed, long size) throws Exception {
        long start = System.nanoTime();
        TransferClient.Result r = new TransferClient().run(connect("203.0.113.10", port), seed, 0, size, 0);
        double seconds = (System.nanoTime() - start) / 1e9;
        assertThat(r.downloaded()).isEqualTo(size);
        server.awaitUpload(seed);
        return size / seconds;
    }

    private double medianRoundTripMicros(int port) throws Exception {
        try (SocketChannel c = connect("203.0.113.10", port)) {
            c.socket().setTcpNoDelay(true);
            ByteBuffer b = ByteBuffer.allocate(1);
            long[] micros = new long[2000];
            for (int i = 0; i < micros.length; i++) {
                long start = System.nanoTime();
                c.write(b.clear().put((byte) i).flip());
                b.clear();
                while (b.hasRemaining()) {
                    c.read(b);
                }
                micros[i] = (System.nanoTime() - start) / 1000;
            }
            Arrays.sort(micros, 200, micros.length); // the first 200 warm up
            return micros[200 + (micros.length - 200) / 2];
        }
    }

    @Test
    void theStandbyTakesOverAtFiftySeededKillPoints() throws Exception {
        SplittableRandom seeds = new SplittableRandom(1919);
        List<String> failures = new ArrayList<>();
        int complete = 0;
        for (int run = 0; run < KILL_RUNS; run++) {
            Path dir = Files.createTempDirectory("unveil-tproxy-kill");
            try (FailoverHarness proxies = new FailoverHarness(dir, bed.in("proxy"), "0.0.0.0:15001", "-", true)) {
                String outcome = ProcessFailoverTest.transfersAcrossKillVia(first, proxies,
                        to -> client.call(() -> SocketChannel.open(to)), new InetSocketAddress("203.0.113.10", 8000),
                        10_000 + run, seeds.split());
                if (outcome == null) {
                    complete++;
                } else {
                    failures.add("run " + run + ": " + outcome);
                }
            }
        }
        System.out.println("process failover through TPROXY: " + complete + "/" + KILL_RUNS
                + " runs complete with identical checksums, no connection reset");
        assertThat(failures).isEmpty();
    }
}
