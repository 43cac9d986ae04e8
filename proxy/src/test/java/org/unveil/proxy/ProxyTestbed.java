package org.unveil.proxy;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** testbed/proxy brought up and down for a test class; skips with the reason where it cannot run. */
final class ProxyTestbed implements AutoCloseable {
    final String prefix = "upx" + ProcessHandle.current().pid() % 100000;

    static Path script() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve("testbed/proxy");
            if (Files.isRegularFile(candidate)) {
                return candidate;
            }
        }
        throw new IllegalStateException("testbed/proxy not found above " + Path.of("").toAbsolutePath());
    }

    static void assumeRunnable() throws Exception {
        assumeTrue(isRoot(), "the proxy testbed needs root for network namespaces and TPROXY (CI runs as root)");
        if (!onPath("nft") && onPath("apt-get")) {
            run(List.of("apt-get", "install", "-y", "-qq", "nftables", "iproute2"), 300);
        }
        assumeTrue(onPath("ip"), "the proxy testbed needs iproute2 (ip)");
        assumeTrue(onPath("nft") || onPath("iptables"), "the proxy testbed needs nft or iptables");
    }

    ProxyTestbed() throws Exception {
        int code = run(List.of("bash", script().toString(), "up", prefix), 60);
        assumeTrue(code == 0, "testbed/proxy could not build its namespaces here (exit " + code + ")");
    }

    List<String> in(String node) {
        return List.of("ip", "netns", "exec", prefix + "-" + node);
    }

    String namespace(String node) {
        return prefix + "-" + node;
    }

    @Override
    public void close() throws Exception {
        run(List.of("bash", script().toString(), "down", prefix), 60);
    }

    private static int run(List<String> command, int seconds) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).inheritIO().start();
        if (!p.waitFor(seconds, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            return -1;
        }
        return p.exitValue();
    }

    private static boolean onPath(String tool) {
        String path = System.getenv().getOrDefault("PATH", "") + File.pathSeparator + "/usr/sbin:/sbin";
        for (String dir : path.split(File.pathSeparator)) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, tool))) {
                return true;
            }
        }
        return false;
    }

    private static boolean isRoot() throws IOException {
        return Files.readAllLines(Path.of("/proc/self/status")).stream().anyMatch(l -> l.matches("Uid:\\s+0\\s.*"));
    }
}
