package org.unveil.testbed;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

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
    static void assumeRunnable() throws IOException, InterruptedException {
        assumeTrue(shell("[ \"$(id -u)\" -eq 0 ]").isEmpty(), "testbed needs root (network namespaces)");
        String missing = shell("for t in ip iptables conntrack tcpdump nginx curl socat stdbuf; do "
                + "command -v $t >/dev/null || printf '%s ' $t; done; true");
        assumeTrue(missing.isBlank(), "testbed needs " + missing.trim() + " (scripts/test installs them)");
        String netns = shell("n=unveil-probe-$$; ip netns add $n 2>&1 && ip netns del $n");
        assumeTrue(netns.isBlank(), "cannot create network namespaces: " + netns.trim());
    }

    /** @return the command's output (stdout and stderr), or "failed" when it exits non-zero with none */
    private static String shell(String script) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("bash", "-c", script).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        int code = p.waitFor();
        return code == 0 ? out : out.isBlank() ? "failed" : out;
    }
}
