package org.unveil.proxy;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** A proxy node of the node fail-over tests: a {@link ProxyProcess} JVM in a namespace, ready once it says so. */
final class NodeProcess {
    /** Whether this kernel gives time namespaces (CONFIG_TIME_NS); without them every node runs on the host's clock. */
    static final boolean TIME_NAMESPACES = timeNamespaces();

    private NodeProcess() {
    }

    private static boolean timeNamespaces() {
        try {
            Process p = new ProcessBuilder("unshare", "--time", "--monotonic", "1", "true").redirectErrorStream(true)
                    .start();
            boolean works = p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0;
            if (!works) {
                System.err.println("no time namespaces here: the node fail-over tests run every node on the host's"
                        + " clock, so they do not check fail-over between clocks of different origins");
            }
            return works;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /**
     * Starts {@link ProxyProcess} with {@code args} in namespace {@code namespace}, its stderr in {@code log}, and
     * waits (30 s at most) for its "ready" line; {@code flags} are extra JVM options. Where the kernel gives time
     * namespaces the process runs in one of its own, its monotonic clock {@link #clockAheadSeconds} ahead of the
     * host's, as a node on a machine of its own would have it.
     */
    static Process start(String namespace, Path log, List<String> flags, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("ip", "netns", "exec", namespace));
        if (TIME_NAMESPACES) {
            command.addAll(List.of("unshare", "--time", "--monotonic", Long.toString(clockAheadSeconds(namespace))));
        }
        command.addAll(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED"));
        command.addAll(flags);
        command.addAll(List.of("-Xmx512m", "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"),
                ProxyProcess.class.getName()));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectError(log.toFile()).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        CompletableFuture<String> line = CompletableFuture.supplyAsync(() -> {
            try {
                return out.readLine();
            } catch (IOException e) {
                return null;
            }
        });
        String said;
        try {
            said = line.get(30, TimeUnit.SECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            said = "nothing within 30 s";
        }
        if (!"ready".equals(said)) {
            p.destroyForcibly();
            throw new IllegalStateException(namespace + " did not start (said " + said + "): " + Files.readString(log));
        }
        return p;
    }

    /**
     * Node a's clock 2,000 s ahead, b's 1,000 s, c's on the host's: each backup's clock is behind the node it takes
     * over from, the side on which timestamps continued on the wrong clock would go back and the peers would drop
     * every restored segment.
     */
    static long clockAheadSeconds(String namespace) {
        return switch (namespace.substring(namespace.lastIndexOf('-') + 1)) {
            case "a" -> 2000;
            case "b" -> 1000;
            default -> 0;
        };
    }
}
