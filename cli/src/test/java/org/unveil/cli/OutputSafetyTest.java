package org.unveil.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.unveil.cli.CommandLineTest.unveil;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.unveil.cli.CommandLineTest.Result;
import picocli.CommandLine;

/** Outputs never touch inputs, are written whole or not at all, and "-" is stdout for every output option. */
class OutputSafetyTest {
    @TempDir
    Path dir;

    private Path capture;
    private byte[] original;

    @BeforeEach
    void capture() throws IOException {
        capture = new CommandLineTest().withDir(dir).capture("v.pcap", 6);
        original = Files.readAllBytes(capture);
    }

    /** Every option that writes a file, pointed at the command's own input ("IN"). */
    static Stream<List<String>> outputsOntoTheInput() {
        return Stream.of(
                List.of("info", "IN", "-o", "IN"),
                List.of("stats", "IN", "-o", "IN"),
                List.of("packets", "IN", "-o", "IN"),
                List.of("hosts", "IN", "-o", "IN"),
                List.of("hosts", "IN", "--html", "IN"),
                List.of("hosts", "IN", "--flows-csv", "IN"),
                List.of("trace", "IN", "--payload", "GET", "--write", "IN"),
                List.of("trace", "IN", "--payload", "GET", "-o", "IN"),
                List.of("correlate", "--front", "IN", "--back", "IN", "-o", "IN"),
                List.of("synth", "natify", "IN", "IN", "--public", "192.0.2.99", "--inside", "192.0.2.1",
                        "--labels", "labels.csv"),
                List.of("synth", "natify", "IN", "out.pcap", "--public", "192.0.2.99", "--inside", "192.0.2.1",
                        "--labels", "IN"),
                List.of("balance", "simulate", "--trace", "IN", "--nodes", "2", "--schedulers", "srr", "--csv", "IN"),
                List.of("balance", "simulate", "--trace", "IN", "--nodes", "2", "--schedulers", "srr", "--html", "IN"));
    }

    @ParameterizedTest
    @MethodSource("outputsOntoTheInput")
    void anOutputOntoTheInputIsAUsageErrorAndTheInputIsKept(List<String> args) throws IOException {
        Result r = run(args, capture.toString());
        assertThat(r.code()).as(r.err()).isEqualTo(ExitCode.USAGE);
        assertThat(r.err().strip().lines()).hasSize(1);
        assertThat(r.err()).contains("is the input").doesNotContain("Exception");
        assertThat(Files.readAllBytes(capture)).isEqualTo(original);
    }

    @ParameterizedTest
    @MethodSource("outputsOntoTheInput")
    void aSymbolicLinkToTheInputIsTheInput(List<String> args) throws IOException {
        Path link = Files.createSymbolicLink(dir.resolve("link.pcap"), capture.getFileName());
        Result r = run(args, capture.toString(), link.toString());
        assertThat(r.code()).as(r.err()).isEqualTo(ExitCode.USAGE);
        assertThat(Files.readAllBytes(capture)).isEqualTo(original);
        assertThat(Files.isSymbolicLink(link)).isTrue();
    }

    @Test
    void aHardLinkToTheInputIsTheInput() throws IOException {
        Path hard = Files.createLink(dir.resolve("hard.pcap"), capture);
        Result r = unveil("trace", capture.toString(), "--payload", "GET", "--write", hard.toString());
        assertThat(r.code()).isEqualTo(ExitCode.USAGE);
        assertThat(Files.readAllBytes(capture)).isEqualTo(original);
    }

    @Test
    void twoOutputsOntoOneFileAreAUsageErrorAndNothingIsWritten() {
        Path same = dir.resolve("s.pcap");
        Result r = unveil("synth", "generate", "--duration", "2s", "--out", same.toString(), "--labels",
                same.toString());
        assertThat(r.code()).isEqualTo(ExitCode.USAGE);
        assertThat(r.err()).contains("--labels and --out name the same file");
        assertThat(same).doesNotExist();
    }

    @Test
    void theDemoKeepsItsCaptureAndReportApart() {
        Path same = dir.resolve("demo.out");
        Result r = unveil("demo", "--keep", same.toString(), "--report", same.toString());
        assertThat(r.code()).isEqualTo(ExitCode.USAGE);
        assertThat(r.out()).isEmpty();
        assertThat(same).doesNotExist();
    }

    @Test
    void theSameInputNamedTwiceOrStdinTwiceIsAUsageError() throws IOException {
        for (String command : List.of("info", "stats", "packets", "hosts")) {
            Result twice = unveil(command, capture.toString(), dir.resolve("./v.pcap").toString());
            assertThat(twice.code()).as(command).isEqualTo(ExitCode.USAGE);
            assertThat(twice.err()).as(command).contains("the same file");
            Result stdin = unveil(command, "-", "-");
            assertThat(stdin.code()).as(command).isEqualTo(ExitCode.USAGE);
            assertThat(stdin.err()).as(command).contains("stdin (-) is named twice");
            assertThat(stdin.out()).isEmpty();
        }
    }

    @Test
    void aMissingFolderIsOneLineAndExitTwoForEveryOptionThatWrites() {
        String missing = dir.resolve("no/such/folder/out").toString();
        String in = capture.toString();
        List<List<String>> runs = List.of(
                List.of("info", in, "-o", missing),
                List.of("hosts", in, "--flows-csv", missing),
                List.of("hosts", in, "--html", missing),
                List.of("trace", in, "--payload", "GET", "--write", missing),
                List.of("plot", in, "--y", "ipid", "--out", missing + ".png"),
                List.of("synth", "generate", "--duration", "2s", "--out", missing, "--labels", "l.csv"),
                List.of("synth", "natify", in, missing, "--public", "192.0.2.99", "--inside", "192.0.2.1",
                        "--labels", dir.resolve("l.csv").toString()),
                List.of("balance", "simulate", "--synthetic", "1", "--seconds", "5", "--nodes", "2", "--schedulers",
                        "srr", "--csv", missing));
        for (List<String> args : runs) {
            Result r = unveil(args.toArray(String[]::new));
            assertThat(r.code()).as(String.join(" ", args) + "\n" + r.err()).isEqualTo(ExitCode.USAGE);
            assertThat(r.err().strip().lines()).as(r.err()).hasSize(1);
            assertThat(r.err()).contains("no folder");
        }
    }

    @Test
    void aFolderIsNotAnOutputFile() {
        Result r = unveil("info", capture.toString(), "-o", dir.toString());
        assertThat(r.code()).isEqualTo(ExitCode.USAGE);
        assertThat(r.err()).contains("is a folder, not a file");
    }

    @Test
    void dashIsStdoutForEveryOutputOption() throws IOException {
        Result pcap = unveil("synth", "generate", "--duration", "2s", "--hosts", "2", "--out", "-", "--labels",
                dir.resolve("l.csv").toString());
        assertThat(pcap.code()).isEqualTo(ExitCode.OK);
        assertThat(pcap.out().getBytes(StandardCharsets.ISO_8859_1)).startsWith(0x4d, 0x3c, 0xb2, 0xa1);
        assertThat(Path.of("-")).doesNotExist();
        assertThat(pcap.err()).contains("packets"); // the summary moved to stderr

        Result rows = unveil("hosts", capture.toString(), "--flows-csv", "-", "-o", dir.resolve("r.txt").toString());
        assertThat(rows.code()).isEqualTo(ExitCode.OK);
        assertThat(rows.out()).startsWith("first_time,proto,src,sport,dst,dport,host,confidence\n");

        Result written = unveil("trace", capture.toString(), "--ip", "192.0.2.1", "--write", "-", "-o",
                dir.resolve("t.txt").toString());
        assertThat(written.code()).isEqualTo(ExitCode.OK);
        assertThat(written.out().getBytes(StandardCharsets.ISO_8859_1)).startsWith(0x4d, 0x3c, 0xb2, 0xa1);
        assertThat(Files.readString(dir.resolve("t.txt"))).contains("1 connection");
    }

    @Test
    void twoOutputsOnStdoutAreAUsageError() {
        Result r = unveil("trace", capture.toString(), "--ip", "192.0.2.1", "--write", "-");
        assertThat(r.code()).isEqualTo(ExitCode.USAGE);
        assertThat(r.err()).contains("would both write to stdout");
        assertThat(r.out()).isEmpty();
    }

    @Test
    void anUnfinishedOutputLeavesTheOldFileAsItWasAndNoTemporaryFile() throws IOException {
        Path target = Files.writeString(dir.resolve("kept.txt"), "the old report\n");
        OutputFiles.Output out = new OutputFiles(new CommandLine(new Unveil())).output("-o", target.toString());
        try (OutputFiles.Sink sink = out.open(null)) {
            sink.write("half of a new rep".getBytes(StandardCharsets.UTF_8));
            // no commit: the run failed here
        }
        assertThat(Files.readString(target)).isEqualTo("the old report\n");
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("v.pcap", "kept.txt");
        }
        try (OutputFiles.Sink sink = out.open(null)) {
            sink.write("the new report\n".getBytes(StandardCharsets.UTF_8));
            sink.commit();
        }
        assertThat(Files.readString(target)).isEqualTo("the new report\n");
    }

    /** One packet of 192.0.2.2's connection on Ethernet, beside the raw-IP capture. */
    private Path ethernetCapture() throws IOException {
        Path ethernet = dir.resolve("eth.pcap");
        try (var out = Files.newOutputStream(ethernet);
                var writer = new org.unveil.capture.pcap.PcapWriter(out, org.unveil.capture.LinkType.ETHERNET, 65535)) {
            byte[] ip = CommandLineTest.ipv4Tcp(7, new byte[0]);
            byte[] frame = new byte[14 + ip.length];
            frame[12] = 0x08; // IPv4
            System.arraycopy(ip, 0, frame, 14, ip.length);
            writer.write(org.unveil.capture.Packet.of(org.unveil.capture.LinkType.ETHERNET, 1_700_000_100L * 1_000_000_000L,
                    frame));
        }
        return ethernet;
    }

    @Test
    void aRunThatFailsWhileWritingKeepsTheOldOutput() throws IOException {
        // the same connection captured on raw IP and on Ethernet: a pcap file holds one link type, so the
        // write fails at the first Ethernet packet, after the raw ones were written
        Path ethernet = ethernetCapture();
        Path old = Files.writeString(dir.resolve("old.pcap"), "kept\n");
        Result r = unveil("trace", capture.toString(), ethernet.toString(), "--ip", "192.0.2.2", "--write",
                old.toString());
        assertThat(r.code()).as(r.err()).isEqualTo(ExitCode.USAGE);
        assertThat(r.err()).contains("link types");
        assertThat(Files.readString(old)).isEqualTo("kept\n");
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).noneMatch(n -> n.endsWith(".part"));
        }
    }

    @Test
    void aPcapngHoldsSeveralLinkTypesAndNamesTheQuery() throws IOException {
        Path ethernet = ethernetCapture();
        Path out = dir.resolve("both.pcapng");
        Result r = unveil("trace", capture.toString(), ethernet.toString(), "--ip", "192.0.2.2", "--write",
                out.toString());
        assertThat(r.code()).as(r.err()).isEqualTo(ExitCode.OK);
        Result info = unveil("info", "--json", out.toString());
        assertThat(info.out()).contains("\"packets\" : 3").contains("pcapng").contains("RAW").contains("EN10MB");
        assertThat(new String(Files.readAllBytes(out), StandardCharsets.UTF_8)).contains("address 192.0.2.2");
    }

    @Test
    void nothingMatchedStillWritesAValidEmptyCapture() throws IOException {
        for (String name : List.of("none.pcap", "none.pcapng")) {
            Path out = dir.resolve(name);
            Result r = unveil("trace", capture.toString(), "--ip", "203.0.113.99", "--write", out.toString());
            assertThat(r.code()).isEqualTo(ExitCode.OK);
            Result info = unveil("info", "--json", out.toString());
            assertThat(info.code()).as(name + ": " + info.err()).isEqualTo(ExitCode.OK);
            assertThat(info.out()).contains("\"packets\" : 0");
        }
    }

    @Test
    void aFullDiskNamesTheFileAndTheCauseWithExitFour() {
        Path full = Path.of("/dev/full");
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isWritable(full), "no /dev/full on this system");
        Result r = unveil("packets", capture.toString(), "-o", full.toString());
        assertThat(r.code()).isEqualTo(ExitCode.OUTPUT);
        assertThat(r.err().strip()).isEqualTo("unveil: /dev/full: could not be written: No space left on device");
        assertThat(Files.exists(full)).isTrue(); // a device is written as it is, never replaced
    }

    @Test
    void aFailedWriteToStdoutIsExitFourNotABrokenPipe() {
        java.io.OutputStream full = new java.io.OutputStream() {
            @Override
            public void write(int b) throws IOException {
                throw new IOException("No space left on device");
            }
        };
        java.io.ByteArrayOutputStream err = new java.io.ByteArrayOutputStream();
        int code = Unveil.run(new String[] {"packets", capture.toString()}, full,
                new java.io.PrintStream(err, true, StandardCharsets.UTF_8));
        assertThat(code).isEqualTo(ExitCode.OUTPUT);
        assertThat(err.toString(StandardCharsets.UTF_8).strip())
                .isEqualTo("unveil: stdout: could not be written: No space left on device");
    }

    @Test
    void theStartUpCacheTrainingRunsCleanly() throws IOException {
        Path demo = dir.resolve("demo.pcap");
        try (var in = DemoCommand.class.getResourceAsStream(DemoCommand.RESOURCE)) {
            Files.copy(in, demo);
        }
        assertThat(AotTraining.train(demo.toString())).isEqualTo(ExitCode.OK);
    }

    @Test
    void devNullStaysADevice() {
        Result r = unveil("packets", capture.toString(), "-o", "/dev/null");
        assertThat(r.code()).isEqualTo(ExitCode.OK);
        assertThat(Files.isRegularFile(Path.of("/dev/null"))).isFalse();
    }

    /** Runs {@code args} with "IN" replaced by the input and, where two are named, the last by {@code asOutput}. */
    private Result run(List<String> args, String input, String... asOutput) {
        String[] a = args.toArray(String[]::new);
        int last = args.lastIndexOf("IN");
        for (int i = 0; i < a.length; i++) {
            if (a[i].equals("IN")) {
                a[i] = i == last && asOutput.length > 0 ? asOutput[0] : input;
            } else if (a[i].endsWith(".csv") || a[i].equals("out.pcap")) {
                a[i] = dir.resolve(a[i]).toString();
            }
        }
        return unveil(a);
    }
}
