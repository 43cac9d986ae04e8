package org.unveil.capture.oracle;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;

/** Runs an oracle program (tshark, capinfos) and returns its output; skips the test when it is not installed. */
public final class ExternalTool {
    private ExternalTool() {
    }

    public static void require(String program) {
        boolean found = Stream.of(System.getenv("PATH").split(":")).anyMatch(d -> Files.isExecutable(Path.of(d, program)));
        Assumptions.assumeTrue(found, program + " is not installed (scripts/test installs it); skipping oracle test");
    }

    /** Standard output of the command; standard error is discarded. */
    public static String run(List<String> command) throws IOException, InterruptedException {
        Path out = Files.createTempFile("oracle", ".out");
        try {
            Process p = new ProcessBuilder(command).redirectOutput(out.toFile())
                    .redirectError(ProcessBuilder.Redirect.DISCARD).start();
            if (!p.waitFor(10, TimeUnit.MINUTES)) {
                p.destroyForcibly();
                throw new IOException("timed out: " + command);
            }
            return Files.readString(out, StandardCharsets.UTF_8);
        } finally {
            Files.deleteIfExists(out);
        }
    }

}
