package org.unveil.testbed;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** One run of testbed/lb as a test starts it: bounded in time, and stopped (so its trap tears down) on timeout. */
record LbRun(int exitCode, String stderr, Path out) {
    static final Path SCRIPT = Path.of("lb").toAbsolutePath();
    private static final long TIMEOUT_SECONDS = 100;

    static LbRun run(Path out, String... options) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("bash", SCRIPT.toString()));
        command.addAll(List.of(options));
        if (out != null) {
            command.addAll(List.of("--out", out.toString()));
        }
        Path errors = Files.createTempFile("unveil-lb", ".err");
        try {
            Process process = new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .redirectError(errors.toFile()).start();
            if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                // SIGTERM first: the script's trap removes its namespaces before it exits
                process.destroy();
                if (!process.waitFor(15, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
                throw new AssertionError("testbed/lb " + String.join(" ", options) + " ran over "
                        + TIMEOUT_SECONDS + " s: " + Files.readString(errors, StandardCharsets.UTF_8));
            }
            return new LbRun(process.exitValue(), Files.readString(errors, StandardCharsets.UTF_8), out);
        } finally {
            Files.deleteIfExists(errors);
        }
    }
}
