package org.unveil.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.unveil.cli.CommandLineTest.unveil;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.unveil.capture.LinkType;
import org.unveil.capture.Packet;
import org.unveil.capture.pcap.PcapWriter;
import org.unveil.cli.CommandLineTest.Result;

/** Errors name the file and the cause in plain words, with the documented exit code; JSON output stays valid. */
class ErrorMessagesTest {
    /** A Java class name, or a "null" that leaked from an exception without a message. */
    private static final Pattern LEAK = Pattern.compile("\\b[A-Z][A-Za-z]*(Exception|Error)\\b|\\bnull\\b|\\bat org\\.");

    @TempDir
    Path dir;

    private Path binary() throws IOException {
        byte[] bytes = new byte[600];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = (byte) (i * 37 + 11);
        }
        return Files.write(dir.resolve("binary.csv"), bytes);
    }

    @Test
    void aTraceThatDoesNotExistIsNamedAsMissingNotAsEmpty() {
        Result r = unveil("balance", "simulate", "--trace", dir.resolve("no-such.pcap").toString(), "--nodes", "4");
        assertThat(r.code()).isEqualTo(ExitCode.NO_INPUT);
        assertThat(r.err().strip()).endsWith("no-such.pcap: byte 0: no such file");
        assertThat(r.err()).doesNotContain("IPv4");
    }

    @Test
    void aBinaryFlowLogOrLabelFileSaysItIsNotTextWithTheLine() throws IOException {
        String bin = binary().toString();
        Path capture = new CommandLineTest().withDir(dir).capture("c.pcap", 3);
        for (Result r : List.of(unveil("balance", "simulate", "--flows", bin),
                unveil("hosts", capture.toString(), "--truth", bin))) {
            assertThat(r.code()).isEqualTo(ExitCode.NO_INPUT);
            assertThat(r.err().strip().lines()).hasSize(1);
            assertThat(r.err()).contains("binary.csv: line 1: ").contains("is it a CSV file?")
                    .doesNotContain("Input length");
        }
    }

    @Test
    void aPcapngWithNoIntactBlockIsNothingReadForEveryCommand() throws IOException {
        // a section header block whose trailing length (99) does not repeat its leading one (28)
        ByteBuffer shb = ByteBuffer.allocate(28).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        shb.putInt(0x0A0D0D0A).putInt(28).putInt(0x1A2B3C4D).putShort((short) 1).putShort((short) 0).putLong(-1)
                .putInt(99);
        Path file = Files.write(dir.resolve("broken.pcapng"), shb.array());
        String f = file.toString();
        for (String[] args : List.of(new String[] {"info", f}, new String[] {"stats", f}, new String[] {"packets", f},
                new String[] {"hosts", f}, new String[] {"trace", f, "--ip", "192.0.2.1"})) {
            Result r = unveil(args);
            assertThat(r.code()).as(args[0] + ": " + r.err()).isEqualTo(ExitCode.NO_INPUT);
            assertThat(r.err()).contains("broken.pcapng: byte ");
        }
    }

    @Test
    void packetsThatCommandsSkipAreCountedOnStderr() throws IOException {
        Path capture = dir.resolve("user0.pcap");
        try (OutputStream out = Files.newOutputStream(capture); PcapWriter w = new PcapWriter(out, 147, 65535)) {
            w.write(Packet.of(147, 1_700_000_000_000_000_000L, new byte[30])); // LINKTYPE_USER0: nothing to decode
        }
        Result hosts = unveil("hosts", capture.toString());
        assertThat(hosts.code()).isEqualTo(ExitCode.OK);
        assertThat(hosts.err()).contains("user0.pcap: 1 packets read: 1 of a link type Unveil does not decode");
        Path demo = dir.resolve("demo.pcap"); // the demo's capture: 425 IPv4 and 85 IPv6 packets (stats)
        try (var in = DemoCommand.class.getResourceAsStream(DemoCommand.RESOURCE)) {
            Files.copy(in, demo);
        }
        Result lab = unveil("balance", "simulate", "--trace", demo.toString(), "--nodes", "2", "--schedulers", "srr");
        assertThat(lab.code()).isEqualTo(ExitCode.OK);
        assertThat(lab.err()).contains("demo.pcap: 510 packets read: 85 left out: not IPv4");
    }

    @Test
    void everyCommandThatReadsPacketsSaysWhatDecodingSkippedTheSameWay() throws IOException {
        Path capture = dir.resolve("user0.pcap");
        try (OutputStream out = Files.newOutputStream(capture); PcapWriter w = new PcapWriter(out, 147, 65535)) {
            for (int i = 0; i < 3; i++) { // LINKTYPE_USER0: nothing to decode
                w.write(Packet.of(147, 1_700_000_000_000_000_000L + i, new byte[30]));
            }
        }
        String c = capture.toString();
        String note = "unveil: " + c + ": 3 packets read: 3 of a link type Unveil does not decode\n";
        List<String[]> runs = List.of(new String[] {"info", c}, new String[] {"stats", c},
                new String[] {"stats", c, "--threads", "2"}, new String[] {"packets", c},
                new String[] {"hosts", c}, new String[] {"trace", c, "--ip", "192.0.2.1"},
                new String[] {"trace", c, "--xff", "192.0.2.1", "--threads", "1"},
                new String[] {"plot", c, "--y", "ipid", "--quiet", "--out", dir.resolve("p.png").toString()},
                new String[] {"correlate", "--front", c, "--back", c},
                new String[] {"synth", "natify", c, dir.resolve("n.pcap").toString(), "--public", "192.0.2.9",
                    "--inside", "10.0.0.2", "--labels", dir.resolve("n.csv").toString()});
        for (String[] args : runs) {
            Result r = unveil(args);
            long notes = r.err().lines().filter(line -> (line + "\n").equals(note)).count();
            assertThat(notes).as(String.join(" ", args) + ": " + r.err())
                    .isEqualTo(args[0].equals("correlate") ? 2 : 1); // correlate reads the file as each side
        }
    }

    @Test
    void aCaptureWithoutPacketsSaysNoneForItsTimes() throws IOException {
        Path empty = new CommandLineTest().withDir(dir).capture("empty.pcap", 0);
        Result r = unveil("info", empty.toString());
        assertThat(r.code()).isEqualTo(ExitCode.OK);
        assertThat(r.out()).contains("first packet:   none (no packets)").doesNotContain("null");
    }

    @Test
    void noErrorLineNamesAJavaClassOrSaysNull() throws IOException {
        Path capture = new CommandLineTest().withDir(dir).capture("c.pcap", 3);
        String c = capture.toString();
        String bin = binary().toString();
        List<String[]> runs = List.of(
                new String[] {"info", dir.toString()},
                new String[] {"info", dir.resolve("missing.pcap").toString()},
                new String[] {"stats", bin},
                new String[] {"hosts", c, "--truth", dir.resolve("missing.csv").toString()},
                new String[] {"balance", "simulate", "--flows", dir.toString()},
                new String[] {"balance", "simulate", "--synthetic", "1", "--seconds", "5", "--nodes", "2",
                    "--schedulers", "srr", "--plots", c},
                new String[] {"packets", c, "-o", dir.resolve("gone/x.csv").toString()},
                new String[] {"trace", c, "--ip", "192.0.2.1", "--write", dir.toString()},
                new String[] {"synth", "natify", bin, dir.resolve("n.pcap").toString(), "--public", "192.0.2.9",
                    "--inside", "192.0.2.1", "--labels", dir.resolve("n.csv").toString()},
                new String[] {"correlate", "--front", c, "--back", dir.resolve("missing.pcap").toString()});
        List<String> leaks = new ArrayList<>();
        for (String[] args : runs) {
            Result r = unveil(args);
            assertThat(r.code()).as(String.join(" ", args)).isIn(ExitCode.USAGE, ExitCode.NO_INPUT);
            assertThat(r.err().strip()).as(String.join(" ", args)).isNotEmpty();
            if (LEAK.matcher(r.err()).find()) {
                leaks.add(String.join(" ", args) + " -> " + r.err().strip());
            }
        }
        assertThat(leaks).isEmpty();
    }

    @Test
    void outOfMemoryIsOneLineSayingWhatToDoWithExitSeventy() throws Exception {
        Path capture = new CommandLineTest().withDir(dir).capture("c.pcap", 40);
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        // 4 MB of heap cannot render the report's plots: the run must end in the one line, not a stack trace
        Process p = new ProcessBuilder(java.toString(), "-Xmx4m", "-XX:+UseSerialGC", "-cp",
                withoutTheStreamsEngines(System.getProperty("java.class.path")), Unveil.class.getName(), "hosts",
                capture.toString(),
                "--html", dir.resolve("r.html").toString()).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as(err).isEqualTo(ExitCode.INTERNAL);
        assertThat(err.strip().lines()).as(err).hasSize(1);
        assertThat(err).startsWith("unveil: out of memory").contains("UNVEIL_HEAP=");
        assertThat(dir.resolve("r.html")).doesNotExist();
    }

    /**
     * The class path without the libraries of the stream module (hosts needs none): with them, at 4 MB, the JDK's
     * logging at exit ran out of memory too and added a line of its own (unveil.jar's launcher has 1.5 GiB).
     */
    private static String withoutTheStreamsEngines(String classPath) {
        List<String> engines = List.of("/org/apache/flink/", "/org/apache/kafka/", "/org/scala-lang/",
                "/org/apache/logging/", "/org/postgresql/", "/org/yaml/", "/org/snakeyaml/", "/org/apache/commons/",
                "/commons-", "/org/slf4j/", "/org/xerial/", "/org/javassist/", "/org/objenesis/", "/org/pcollections/",
                "/org/hdrhistogram/", "/net/sourceforge/argparse4j/", "/net/sf/jopt-simple/", "/org/bitbucket/",
                "/tools/profiler/", "/org/checkerframework/");
        return Arrays.stream(classPath.split(File.pathSeparator)).filter(e -> engines.stream().noneMatch(e::contains))
                .collect(Collectors.joining(File.pathSeparator));
    }

    @Test
    void jsonLinesStayValidUtf8WhateverTheCapturedBytes() throws IOException {
        byte[] invalid = "GET / HTTP/1.1\r\nUser-Agent: a\u00ff\u00feb\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1);
        byte[] utf8 = "GET / HTTP/1.1\r\nUser-Agent: caf\u00e9 \u2603\r\n\r\n".getBytes(StandardCharsets.UTF_8);
        byte[] cut = "GET / HTTP/1.1\r\nUser-Agent: x\u00e2\u0098\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1);
        Path file = dir.resolve("ua.pcap");
        try (OutputStream out = Files.newOutputStream(file); PcapWriter w = new PcapWriter(out, LinkType.RAW, 65535)) {
            int i = 0;
            for (byte[] payload : List.of(invalid, utf8, cut)) {
                w.write(Packet.of(LinkType.RAW, 1_700_000_000_000_000_000L + i, CommandLineTest.ipv4Tcp(i++, payload)));
            }
        }
        ByteArrayOutputStream raw = new ByteArrayOutputStream();
        int code = Unveil.run(new String[] {"packets", file.toString(), "--format", "jsonl", "--fields",
            "frame.number,http.user_agent"}, raw, new java.io.PrintStream(OutputStream.nullOutputStream()));
        assertThat(code).isEqualTo(ExitCode.OK);
        // a strict decoder: any byte sequence that is not UTF-8 throws
        String text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .decode(ByteBuffer.wrap(raw.toByteArray())).toString();
        List<JsonNode> rows = new ArrayList<>();
        for (String line : text.strip().split("\n")) {
            rows.add(new ObjectMapper().readTree(line));
        }
        assertThat(rows.get(0).get("http.user_agent").asText()).isEqualTo("a\u00ff\u00feb");
        assertThat(text.lines().toList().get(0)).contains("a\\u00ff\\u00feb");
        assertThat(rows.get(1).get("http.user_agent").asText()).isEqualTo("caf\u00e9 \u2603");
        assertThat(rows.get(2).get("http.user_agent").asText()).isEqualTo("x\u00e2\u0098");
    }
}
