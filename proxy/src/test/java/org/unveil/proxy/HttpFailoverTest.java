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
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * kill -9 of an HTTP-mode proxy at seeded points of keep-alive connections (three at a time, six requests each:
 * downloads, an upload with a Content-Length, a chunked one, a refused DELETE last): the standby rebuilds each
 * connection's filter from the state file and carries on, so every body's SHA-256 equals its seed's, the
 * refused request gets the configured 403 and nothing else, the stripped header never reaches the server, and
 * no connection is reset. On loopback with a fixed upstream, so it needs no root.
 */
@Tag("system")
class HttpFailoverTest {
    static final int RUNS = Integer.getInteger("unveil.proxy.httpKillRuns", 4);
    static final long RATE = 24L << 20;

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    @Test
    void theStandbyCarriesHttpConnectionsOnMidRequestAndMidResponse() throws Exception {
        SplittableRandom seeds = new SplittableRandom(1919);
        List<String> failures = new ArrayList<>();
        int complete = 0;
        try (HttpTestServer server = HttpTestServer.on(new InetSocketAddress("127.0.0.1", 0))) {
            for (int run = 0; run < RUNS; run++) {
                Path runDir = Files.createTempDirectory("unveil-http-failover");
                int port = freePort();
                String outcome;
                try (FailoverHarness proxies = new FailoverHarness(runDir, List.of(), "127.0.0.1:" + port,
                        "127.0.0.1:" + server.port(), false, true)) {
                    outcome = oneRun(server, proxies, SocketChannel::open, new InetSocketAddress("127.0.0.1", port),
                            run, seeds.split());
                } finally {
                    try (var files = Files.walk(runDir)) {
                        files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
                    }
                }
                System.out.println("http process failover run " + run + ": " + (outcome == null ? "whole" : outcome));
                if (outcome == null) {
                    complete++;
                } else {
                    failures.add("run " + run + ": " + outcome);
                }
            }
            assertThat(server.withSecret).as("requests that reached the server with X-Secret").isEmpty();
        }
        System.out.println("http process failover: " + complete + "/" + RUNS + " runs whole");
        assertThat(failures).isEmpty();
    }

    static final int SECOND_RUNS = Integer.getInteger("unveil.proxy.secondKillRuns", 3);

    @Test
    void aSecondStandbyTakesOverWhenTheFirstDiesToo() throws Exception {
        SplittableRandom seeds = new SplittableRandom(2019);
        List<String> failures = new ArrayList<>();
        try (HttpTestServer server = HttpTestServer.on(new InetSocketAddress("127.0.0.1", 0))) {
            for (int run = 0; run < SECOND_RUNS; run++) {
                Path runDir = Files.createTempDirectory("unveil-http-failover2");
                int port = freePort();
                String outcome;
                try (FailoverHarness proxies = new FailoverHarness(runDir, List.of(), "127.0.0.1:" + port,
                        "127.0.0.1:" + server.port(), false, true, true)) {
                    outcome = twoKills(server, proxies, new InetSocketAddress("127.0.0.1", port), run, seeds.split());
                } finally {
                    try (var files = Files.walk(runDir)) {
                        files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
                    }
                }
                System.out.println("http second failover run " + run + ": " + (outcome == null ? "whole" : outcome));
                if (outcome != null) {
                    failures.add("run " + run + ": " + outcome);
                }
            }
            assertThat(server.withSecret).as("requests that reached the server with X-Secret").isEmpty();
        }
        assertThat(failures).isEmpty();
    }

    /**
     * The active proxy killed at a seeded point of the first half of connection 0's bytes, then — once the first
     * standby has passed every socket on — the first standby at a seeded point of the second half.
     */
    static String twoKills(HttpTestServer server, FailoverHarness proxies, InetSocketAddress to, int run,
            SplittableRandom random) throws Exception {
        int connections = 3;
        List<List<HttpTransferClient.Step>> plans = new ArrayList<>();
        List<HttpTransferClient> clients = new ArrayList<>();
        List<CompletableFuture<String>> results = new ArrayList<>();
        for (int i = 0; i < connections; i++) {
            List<HttpTransferClient.Step> plan = HttpTransferClient.plan(500_000L + run * 1000L + i * 10L, random);
            plans.add(plan);
            HttpTransferClient client = new HttpTransferClient();
            clients.add(client);
            SocketChannel channel = SocketChannel.open(to);
            // slower than the single-kill test: two take-overs must fit in the transfers
            results.add(CompletableFuture.supplyAsync(() -> client.run(channel, plan, RATE / 3),
                    r -> Thread.ofPlatform().daemon().start(r)));
        }
        long total = plans.getFirst().stream().mapToLong(HttpTransferClient.Step::bytes).sum();
        long first = (long) (total * random.nextDouble(0.05, 0.4));
        long second = (long) (total * random.nextDouble(0.5, 0.85));
        StringBuilder problems = new StringBuilder();
        await(clients.getFirst(), results.getFirst(), first);
        long firstAt = clients.getFirst().moved.get();
        proxies.killActive();
        String log = proxies.standbyLog();
        for (long until = System.nanoTime() + 10_000_000_000L; !log.contains("to the next standby")
                && System.nanoTime() < until; log = proxies.standbyLog()) {
            Thread.sleep(20);
        }
        if (!log.contains("passed")) {
            problems.append(" the first standby never passed its sockets on");
        }
        await(clients.getFirst(), results.getFirst(), second);
        long secondAt = clients.getFirst().moved.get();
        boolean secondKillMidTransfer = !results.getFirst().isDone();
        proxies.killStandby();
        for (int i = 0; i < connections; i++) {
            String r = results.get(i).get();
            if (r != null) {
                problems.append(" connection ").append(i).append(": ").append(r);
            }
            for (HttpTransferClient.Step step : plans.get(i)) {
                boolean upload = step.kind() == HttpTransferClient.Kind.UPLOAD
                        || step.kind() == HttpTransferClient.Kind.CHUNKED_UPLOAD;
                if (upload && !SeededBytes.digest(step.seed(), step.length()).equals(server.uploads.get(step.seed()))) {
                    problems.append(" connection ").append(i).append(": upload ").append(step.seed())
                            .append(" not whole at the server");
                }
            }
        }
        String secondLog = proxies.secondLog();
        for (long until = System.nanoTime() + 10_000_000_000L; !secondLog.contains("took over")
                && System.nanoTime() < until; secondLog = proxies.secondLog()) {
            Thread.sleep(50);
        }
        Matcher took = Pattern.compile("took over (\\d+) connection").matcher(secondLog);
        if (secondKillMidTransfer && (!took.find() || Integer.parseInt(took.group(1)) == 0)) {
            problems.append(" the second standby took over no connection");
        }
        System.out.println("  killed the active proxy after " + firstAt + " and the first standby after " + secondAt
                + " of " + total + " bytes of connection 0; first standby: " + String.join(" | ", log.lines()
                .filter(l -> l.contains("took over") || l.contains("passed")).toList()) + "; second standby: "
                + String.join(" | ", secondLog.lines().filter(l -> l.startsWith("standby:")).toList()));
        return problems.isEmpty() ? null : problems.toString();
    }

    private static void await(HttpTransferClient client, CompletableFuture<String> result, long moved)
            throws InterruptedException {
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (client.moved.get() < moved && !result.isDone() && System.nanoTime() < deadline) {
            Thread.sleep(1);
        }
    }

    /** Null when every connection's requests were all answered whole across the kill, else what went wrong. */
    static String oneRun(HttpTestServer server, FailoverHarness proxies, ProcessFailoverTest.Dialer dialer,
            InetSocketAddress to, int run, SplittableRandom random) throws Exception {
        int connections = 3;
        List<List<HttpTransferClient.Step>> plans = new ArrayList<>();
        List<HttpTransferClient> clients = new ArrayList<>();
        List<CompletableFuture<String>> results = new ArrayList<>();
        for (int i = 0; i < connections; i++) {
            List<HttpTransferClient.Step> plan = HttpTransferClient.plan(run * 1000L + i * 10L, random);
            plans.add(plan);
            HttpTransferClient client = new HttpTransferClient();
            clients.add(client);
            SocketChannel channel = dialer.open(to);
            results.add(CompletableFuture.supplyAsync(() -> client.run(channel, plan, RATE),
                    r -> Thread.ofPlatform().daemon().start(r)));
        }
        long total = plans.getFirst().stream().mapToLong(HttpTransferClient.Step::bytes).sum();
        long killAt = (long) (total * random.nextDouble(0.05, 0.9));
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (clients.getFirst().moved.get() < killAt && !results.getFirst().isDone() && System.nanoTime() < deadline) {
            Thread.sleep(1);
        }
        long killedAt = clients.getFirst().moved.get();
        long answered = clients.getFirst().answered.get();
        // a connection whose client has not reached its last (refused) request is certainly open in the proxy
        long open = clients.stream().filter(c -> c.answered.get() < 5).count();
        proxies.killActive();
        StringBuilder problems = new StringBuilder();
        for (int i = 0; i < connections; i++) {
            String r = results.get(i).get();
            if (r != null) {
                problems.append(" connection ").append(i).append(": ").append(r);
            }
            for (HttpTransferClient.Step step : plans.get(i)) {
                boolean upload = step.kind() == HttpTransferClient.Kind.UPLOAD
                        || step.kind() == HttpTransferClient.Kind.CHUNKED_UPLOAD;
                if (upload && !SeededBytes.digest(step.seed(), step.length()).equals(server.uploads.get(step.seed()))) {
                    problems.append(" connection ").append(i).append(": upload ").append(step.seed())
                            .append(" not whole at the server");
                }
                if (server.seen.contains("DELETE /up/" + step.seed())) {
                    problems.append(" connection ").append(i).append(": the refused request reached the server");
                }
            }
        }
        String log = proxies.standbyLog();
        for (long until = System.nanoTime() + 10_000_000_000L; !log.contains("took over") && System.nanoTime() < until;
                log = proxies.standbyLog()) {
            Thread.sleep(50);
        }
        Matcher took = Pattern.compile("took over (\\d+) connection").matcher(log);
        if (!took.find() || Integer.parseInt(took.group(1)) < open) {
            problems.append(" the standby took over fewer than the ").append(open).append(" open connections");
        }
        System.out.println("  killed after " + killedAt + " of " + total + " bytes of connection 0 (" + answered
                + " of 6 requests answered); standby: " + String.join(" | ", log.lines()
                .filter(l -> l.startsWith("standby:")).toList()));
        return problems.isEmpty() ? null : problems.toString();
    }
}
