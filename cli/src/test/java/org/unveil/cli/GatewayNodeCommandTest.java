package org.unveil.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GatewayNodeCommandTest {
    @TempDir
    Path dir;

    private int run(ByteArrayOutputStream err, String... args) {
        return Unveil.run(args, new ByteArrayOutputStream(), new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @Test
    void aMissingConfigIsUnreadableInput() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Path missing = dir.resolve("none.conf");
        assertThat(run(err, "gateway", "node", "--config", missing.toString())).isEqualTo(ExitCode.NO_INPUT);
        assertThat(err.toString(StandardCharsets.UTF_8)).isEqualTo(missing + ": no such file" + System.lineSeparator());
    }

    @Test
    void aBadConfigIsAUsageErrorInOneLine() throws Exception {
        Path bad = Files.writeString(dir.resolve("bad.conf"), "node = 0\n");
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        assertThat(run(err, "gateway", "node", "--config", bad.toString())).isEqualTo(ExitCode.USAGE);
        assertThat(err.toString(StandardCharsets.UTF_8)).isEqualTo(bad + ": missing control" + System.lineSeparator());
    }
}
