package org.unveil.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** How an output file is put in place: its mode kept, synced first, and no temporary file left when killed. */
class OutputFilesTest {
    @TempDir
    Path dir;

    @Test
    void aReplacedFileKeepsItsPermissionBits() throws IOException {
        for (String mode : List.of("rwxr-x---", "rw-------", "rw-rw-r--")) {
            Path file = dir.resolve("f-" + mode);
            Files.writeString(file, "old\n");
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(mode));
            new OutputFiles(new CommandLine(CommandLine.Model.CommandSpec.create())).output("-o", file.toString())
                    .write(System.out, "new\n".getBytes(StandardCharsets.UTF_8));
            assertThat(Files.readString(file)).isEqualTo("new\n");
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).as(mode).isEqualTo(mode);
        }
    }

    @Test
    void aRunEndedBySigtermOrSigintLeavesNoTemporaryFileAndTheOldFileAsItWas() throws Exception {
        for (String signal : List.of("TERM", "INT")) {
            Path file = dir.resolve("out-" + signal + ".csv");
            Files.writeString(file, "old\n");
            Process child = child("hold", file);
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(child.getInputStream(),
                    StandardCharsets.UTF_8))) {
                assertThat(lines.readLine()).isEqualTo("open " + file.getFileName());
                assertThat(temporaries(file)).as("written under a temporary name while running").hasSize(1);
                Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(child.pid())).start();
                assertThat(kill.waitFor()).isZero();
                assertThat(child.waitFor(30, TimeUnit.SECONDS)).as("ended by SIG" + signal).isTrue();
            } finally {
                child.destroyForcibly();
            }
            assertThat(temporaries(file)).as("after SIG" + signal).isEmpty();
            assertThat(Files.readString(file)).isEqualTo("old\n");
        }
    }

    @Test
    void theFileIsSyncedToDiskBeforeItIsRenamedIntoPlace() throws Exception {
        Path file = dir.resolve("synced.csv");
        Path trace = dir.resolve("strace.txt");
        List<String> command = new java.util.ArrayList<>(List.of("strace", "-f", "-qq", "-o", trace.toString(),
                "-e", "signal=none", "-e", "trace=fsync,fdatasync,rename,renameat,renameat2"));
        command.addAll(childCommand("commit", file));
        Process p;
        try {
            p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start();
        } catch (IOException e) {
            assumeTrue(false, "strace is not installed (apt-get install strace): the sync is not checked");
            return;
        }
        int code = p.waitFor();
        assumeTrue(code == 0 && Files.exists(file), "strace could not trace here (ptrace not allowed?)");
        List<String> calls = Files.readAllLines(trace);
        int rename = indexOf(calls, "rename", ".synced.csv.");
        assertThat(rename).as("the temporary file is renamed into place: " + calls).isNotNegative();
        assertThat(calls.subList(0, rename)).as("fsync before the rename").anyMatch(l -> l.matches(
                "\\d+ +f(data)?sync\\(\\d+\\) += 0"));
    }

    private static int indexOf(List<String> calls, String call, String text) {
        for (int i = 0; i < calls.size(); i++) {
            if (calls.get(i).matches("\\d+ +" + call + "\\w*\\(.*") && calls.get(i).contains(text)) {
                return i;
            }
        }
        return -1;
    }

    private List<Path> temporaries(Path file) throws IOException {
        try (Stream<Path> all = Files.list(dir)) {
            return all.filter(p -> p.getFileName().toString().startsWith("." + file.getFileName() + "."))
                    .toList();
        }
    }

    private static Process child(String mode, Path file) throws IOException {
        return new ProcessBuilder(childCommand(mode, file)).redirectError(ProcessBuilder.Redirect.DISCARD).start();
    }

    private static List<String> childCommand(String mode, Path file) {
        return List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx32m",
                "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"), OutputFilesChild.class.getName(),
                mode, file.toString());
    }
}
