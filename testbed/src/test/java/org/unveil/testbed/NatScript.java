package org.unveil.testbed;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs testbed/nat as a user would, and stops it (so its trap tears the namespaces down) if it hangs. */
final class NatScript {
    /** Well over a small scenario's run (about 15 s), well under the test class's budget. */
    static final long TIMEOUT_SECONDS = 120;

    record Result(int exitCode, String stderr, long millis) {
    }

    private NatScript() {
    }

    static Path script() {
        Path dir = Path.of("").toAbsolutePath();
        for (Path candidate : List.of(dir.resolve("nat"), dir.resolve("testbed/nat"))) {
            if (Files.isRegularFile(candidate)) {
                return candidate;
            }
        }
        throw new IllegalStateException("testbed/nat not found from " + dir);
    }

    static Result run(Path scratch, String... options) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("bash", script().toString()));
        command.addAll(List.of(options));
        Path err = Files.createTempFile(scratch, "nat", ".err");
        Process process = new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(err.toFile()).start();
        long start = System.nanoTime();
        if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            process.destroy(); // SIGTERM: the script's trap removes its namespaces
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
            throw new AssertionError("testbed/nat " + String.join(" ", options) + " ran over " + TIMEOUT_SECONDS
                    + " s: " + Files.readString(err, StandardCharsets.UTF_8));
        }
        return new Result(process.exitValue(), Files.readString(err, StandardCharsets.UTF_8),
                (System.nanoTime() - start) / 1_000_000);
    }

    /** Skips, saying why, where the testbed cannot run: not root, tools missing, no network namespaces. */
    static void assumeRunnable() {
        NamespaceTestbed.assumeRunnable("ip", "iptables", "conntrack", "tcpdump", "nginx", "curl", "socat", "stdbuf");
    }
}
