package org.unveil.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * `unveil hosts` and `unveil plot` on 100,000 flows of one address in a JVM of 256 MiB: they finish, and say
 * that the memory budget made them approximate, instead of dying out of memory (issue 12). The time bound
 * guards against a hang or a quadratic pass; it is no benchmark.
 */
class ManyFlowsMemoryTest {
    private static final int FLOWS = 100_000;
    private static final long TIMEOUT_SECONDS = 180;

    @TempDir
    static Path dir;
    static Path capture;

    @BeforeAll
    static void generate() throws IOException {
        capture = dir.resolve("one-address.pcap");
        ManyFlowsGenerator.Result r = ManyFlowsGenerator.generate(capture, FLOWS, 1, 8, 1);
        assertThat(r.flows()).isEqualTo(FLOWS);
        assertThat(r.packets()).isEqualTo(2L * FLOWS);
    }

    @Test
    void hostsOn100kFlowsOfOneAddressFinishesIn256MiBAndSaysItApproximated() throws Exception {
        Run run = unveil("hosts", capture.toString(), "--json", "--quiet");

        assertThat(run.exit).as(run.stderr).isZero();
        String json = run.stdout.replaceAll("\\s", "");
        assertThat(json).contains("\"address\":\"192.0.2.1\"").contains("\"flows\":" + FLOWS + ",")
                .contains("\"approximate\":true");
        int hosts = Integer.parseInt(json.replaceAll("(?s).*?\"hostCount\":(\\d+).*", "$1"));
        assertThat(hosts).as("8 hosts behind the address").isBetween(4, 200);
        assertThat(run.stderr).contains("unveil: 192.0.2.1: 100,000 flows exceed the memory budget (");
    }

    @Test
    void plotOn100kFlowsOfOneAddressFinishesIn256MiB() throws Exception {
        Path png = dir.resolve("ipid.png");
        Run run = unveil("plot", capture.toString(), "--y", "ipid", "--out", png.toString(), "--quiet");

        assertThat(run.exit).as(run.stderr).isZero();
        assertThat(png).exists();
        assertThat(Files.size(png)).isGreaterThan(1000);
        assertThat(run.stderr).contains("unveil: 192.0.2.1: 100,000 flows exceed the memory budget");
    }

    private record Run(int exit, String stdout, String stderr) {
    }

    /** The command in a child JVM of 256 MiB, with this test's class path (the command and its modules). */
    private static Run unveil(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-XX:+UseSerialGC", "--enable-native-access=ALL-UNNAMED",
                "-cp", System.getProperty("java.class.path"), "org.unveil.cli.Unveil"));
        command.addAll(List.of(args));
        File out = dir.resolve(args[0] + ".out").toFile();
        File err = dir.resolve(args[0] + ".err").toFile();
        Process p = new ProcessBuilder(command).redirectOutput(out).redirectError(err).start();
        if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("unveil " + args[0] + " took more than " + TIMEOUT_SECONDS + " s");
        }
        return new Run(p.exitValue(), Files.readString(out.toPath()), Files.readString(err.toPath()));
    }
}
