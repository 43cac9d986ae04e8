package org.unveil.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.unveil.capture.LinkType;
import org.unveil.capture.Packet;
import org.unveil.capture.fields.PacketField;
import org.unveil.capture.pcap.PcapWriter;

/** The commands end to end through {@link Unveil#run}: outputs, error lines and exit codes. */
class CommandLineTest {
    @TempDir
    Path dir;

    /** For other tests that build the same captures in their own folder. */
    CommandLineTest withDir(Path folder) {
        this.dir = folder;
        return this;
    }

    record Result(int code, String out, String err) {
    }

    static Result unveil(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Unveil.run(args, out, new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Result(code, out.toString(StandardCharsets.ISO_8859_1), err.toString(StandardCharsets.UTF_8));
    }

    /**
     * A raw-IPv4 capture of {@code count} TCP packets from 192.0.2.{1+i%3} to 198.51.100.7:80, IPID 100+i,
     * one second apart from 1700000000 s; packet 2 carries an HTTP request with a User-Agent.
     */
    Path capture(String name, int count) throws IOException {
        Path file = dir.resolve(name);
        try (OutputStream out = Files.newOutputStream(file); PcapWriter writer = new PcapWriter(out, LinkType.RAW, 65535)) {
            for (int i = 0; i < count; i++) {
                byte[] payload = i == 1 ? "GET /x HTTP/1.1\r\nHost: h.example\r\nUser-Agent: Test, Agent\r\n\r\n"
                        .getBytes(StandardCharsets.US_ASCII) : new byte[0];
                writer.write(Packet.of(LinkType.RAW, (1_700_000_000L + i) * 1_000_000_000L, ipv4Tcp(i, payload)));
            }
        }
        return file;
    }

    static byte[] ipv4Tcp(int i, byte[] payload) {
        byte[] p = new byte[40 + payload.length];
        p[0] = 0x45;
        p[2] = (byte) (p.length >> 8);
        p[3] = (byte) p.length;
        p[4] = (byte) ((100 + i) >> 8);
        p[5] = (byte) (100 + i);
        p[6] = 0x40; // DF
        p[8] = 64;
        p[9] = 6;
        p[12] = (byte) 192; p[13] = 0; p[14] = 2; p[15] = (byte) (1 + i % 3);
        p[16] = (byte) 198; p[17] = 51; p[18] = 100; p[19] = 7;
        p[20] = (byte) 0xC3; p[21] = 0x50; // sport 50000
        p[22] = 0; p[23] = 80;
        p[32] = 0x50; // data offset 5
        p[33] = 0x18; // PSH ACK
        p[34] = (byte) 0xFF; p[35] = (byte) 0xFF;
        System.arraycopy(payload, 0, p, 40, payload.length);
        return p;
    }

    @Test
    void infoReportsWhatTheCaptureHolds() throws IOException {
        Path file = capture("five.pcap", 5);
        Result r = unveil("info", "--json", "--quiet", file.toString());
        assertThat(r.code()).isEqualTo(ExitCode.OK);
        JsonNode f = new ObjectMapper().readTree(r.out()).get("files").get(0);
        assertThat(f.get("packets").asLong()).isEqualTo(5);
        assertThat(f.get("format").asText()).isEqualTo("pcap (ns)");
        assertThat(f.get("linkTypes").get(0).get("name").asText()).isEqualTo("RAW");
        assertThat(f.get("firstTime").asText()).isEqualTo("1700000000.000000000");
        assertThat(f.get("lastTime").asText()).isEqualTo("1700000004.000000000");
        assertThat(f.get("durationSeconds").asDouble()).isEqualTo(4.0);
        assertThat(f.get("truncated").asLong()).isZero();
        assertThat(f.get("problems")).isEmpty();
    }

    @Test
    void missingFileIsOneLineAndExitThree() {
        Result r = unveil("info", dir.resolve("nope.pcap").toString());
        assertThat(r.code()).isEqualTo(ExitCode.NO_INPUT);
        assertThat(r.err().strip().lines()).hasSize(1);
        assertThat(r.err()).contains("nope.pcap").contains("no such file").doesNotContain("Exception");
    }

    @Test
    void aFileThatIsNotACaptureSaysWhatItStartsWith() throws IOException {
        Path text = Files.writeString(dir.resolve("notes.pcap"), "hello, world\n");
        Result r = unveil("packets", text.toString());
        assertThat(r.code()).isEqualTo(ExitCode.NO_INPUT);
        assertThat(r.err()).contains("notes.pcap: byte 0: not a pcap or pcapng capture (starts with 0x68656c6c)");
    }

    @Test
    void truncatedLastRecordKeepsEarlierPacketsAndExitsOne() throws IOException {
        Path file = capture("cut.pcap", 4);
        byte[] bytes = Files.readAllBytes(file);
        Files.write(file, Arrays.copyOf(bytes, bytes.length - 10));
        Result r = unveil("packets", "--quiet", "--fields", "frame.number", "--no-header", file.toString());
        assertThat(r.code()).isEqualTo(ExitCode.DAMAGED_INPUT);
        assertThat(r.out().lines()).containsExactly("1", "2", "3");
        long lastRecord = bytes.length - (16 + 40);
        assertThat(r.err()).contains("cut.pcap: byte " + lastRecord + ": last record cut short");
    }

    @Test
    void csvHasTheDefaultFieldsAndQuotesValuesWithCommas() throws IOException {
        Result r = unveil("packets", "--quiet", capture("three.pcap", 3).toString());
        List<String> lines = r.out().lines().toList();
        assertThat(lines.getFirst().split(",")).containsExactly(
                Arrays.stream(PacketField.DEFAULTS).map(PacketField::fieldName).toArray(String[]::new));
        assertThat(lines.get(1)).startsWith("1,1700000000.000000000,192.0.2.1,198.51.100.7,,,6,0x0064,64,1,50000,80,0x0018,");
        assertThat(lines.get(2)).contains(",\"Test, Agent\",,h.example,");
    }

    @Test
    void jsonLinesWriteNumbersAsNumbersAndLeaveOutAbsentFields() throws IOException {
        Result r = unveil("packets", "--quiet", "--format", "jsonl", "--fields", "frame.number,ip.id,tcp.tsval,http.user_agent",
                capture("j.pcap", 2).toString());
        List<String> lines = r.out().lines().toList();
        ObjectMapper json = new ObjectMapper();
        JsonNode first = json.readTree(lines.get(0));
        assertThat(first.get("frame.number").isNumber()).isTrue();
        assertThat(first.get("ip.id").asText()).isEqualTo("0x0064");
        assertThat(first.has("tcp.tsval")).isFalse();
        assertThat(json.readTree(lines.get(1)).get("http.user_agent").asText()).isEqualTo("Test, Agent");
    }

    @Test
    void tsharkFieldNamesAreAcceptedAsAliasesAndKeptInTheHeader() throws IOException {
        Result r = unveil("packets", "--quiet", "--fields", "tcp.options.mss_val,tls.handshake.extensions_server_name",
                capture("a.pcap", 1).toString());
        assertThat(r.code()).isEqualTo(ExitCode.OK);
        assertThat(r.out().lines().findFirst()).contains("tcp.options.mss_val,tls.handshake.extensions_server_name");
    }

    @Test
    void unknownFieldIsAUsageError() throws IOException {
        Result r = unveil("packets", "--fields", "ip.nonsense", capture("u.pcap", 1).toString());
        assertThat(r.code()).isEqualTo(ExitCode.USAGE);
        assertThat(r.err()).contains("unknown field 'ip.nonsense'");
    }

    @Test
    void packetsHelpListsEveryField() {
        Result r = unveil("packets", "--help");
        for (PacketField f : PacketField.values()) {
            assertThat(r.out()).contains(f.fieldName());
        }
    }

    @Test
    void statsGivesTheSameCountsAndDigestOnAnyNumberOfThreads() throws IOException {
        Path file = capture("big.pcap", 600_000); // about 50 MB: enough to split into several parts
        Result one = unveil("stats", "--json", "--threads", "1", file.toString());
        Result four = unveil("stats", "--json", "--threads", "4", file.toString());
        assertThat(one.code()).isEqualTo(ExitCode.OK);
        ObjectMapper json = new ObjectMapper();
        JsonNode a = json.readTree(one.out()).get("files").get(0);
        assertThat(a.get("packets").asLong()).isEqualTo(600_000);
        assertThat(a.get("tcp").asLong()).isEqualTo(600_000);
        assertThat(a.get("httpRequests").asLong()).isEqualTo(1);
        assertThat(json.readTree(four.out())).isEqualTo(json.readTree(one.out()));
    }

    @Test
    void demoRunsTheMainCommandsOnTheBundledCapturesAndWritesTheHostsReport() throws IOException {
        Path report = dir.resolve("hosts.html");
        Result r = unveil("demo", "--report", report.toString());
        assertThat(r.code()).isEqualTo(ExitCode.OK);
        assertThat(r.out()).contains("$ unveil info").contains("packets:").contains("$ unveil stats")
                .contains("frame.number,ip.src").contains("$ unveil hosts");
        // The bundled NAT capture's labels (from the testbed) say six hosts hide behind 203.0.113.1.
        assertThat(r.out()).contains("truth: 6 hosts").containsPattern("203\\.0\\.113\\.1: \\d+ hosts?");
        assertThat(Files.readString(report)).contains("<html").contains("203.0.113.1");
    }

    @Test
    void demoKeepsItsInputsSoEachPrintedCommandRunsAgainAsPrinted() throws IOException {
        Path kept = dir.resolve("kept");
        Result r = unveil("demo", "--keep", kept.toString(), "--report", dir.resolve("r.html").toString());
        assertThat(r.code()).isEqualTo(ExitCode.OK);
        assertThat(kept.resolve("demo.pcap")).isRegularFile();
        assertThat(kept.resolve("nat-public.pcap.gz")).isRegularFile();
        assertThat(kept.resolve("nat-labels.csv")).isRegularFile();
        // the kept files are the bundled ones, byte for byte
        for (String[] kept2 : new String[][] {{DemoCommand.RESOURCE, "demo.pcap"},
                {DemoCommand.NAT_RESOURCE, "nat-public.pcap.gz"}, {DemoCommand.NAT_LABELS, "nat-labels.csv"}}) {
            try (var in = DemoCommand.class.getResourceAsStream(kept2[0])) {
                assertThat(Files.readAllBytes(kept.resolve(kept2[1]))).as(kept2[1]).isEqualTo(in.readAllBytes());
            }
        }
        String report = Files.readString(dir.resolve("r.html"));
        assertThat(report).contains("<title>unveil hosts nat-public.pcap.gz");
        // each printed command, run again as printed on the kept files, prints what the demo printed under it
        List<String> lines = r.out().lines().toList();
        List<Integer> printed = new java.util.ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).startsWith("$ unveil ")) {
                printed.add(i);
            }
        }
        assertThat(printed).hasSize(7); // info, stats, packets, hosts; scan synth, ingest, report
        for (int at : printed) {
            String line = lines.get(at);
            List<String> shown = new java.util.ArrayList<>();
            for (int i = at + 1; i < lines.size() && !lines.get(i).startsWith("$ unveil ")
                    && !lines.get(i).startsWith("(") && !lines.get(i).startsWith("report written to "); i++) {
                shown.add(lines.get(i));
            }
            while (!shown.isEmpty() && shown.getLast().isEmpty()) {
                shown.removeLast(); // the blank line before the next command
            }
            Result again = unveil(line.substring("$ unveil ".length()).split(" "));
            assertThat(again.code()).as(line + "\n" + again.err()).isEqualTo(ExitCode.OK);
            // the demo shows packets' first 12 rows and the header
            List<String> out = new java.util.ArrayList<>(again.out().lines()
                    .limit(line.startsWith("$ unveil packets") ? 13 : Long.MAX_VALUE).toList());
            while (!out.isEmpty() && out.getLast().isEmpty()) {
                out.removeLast();
            }
            assertThat(out).as(line).isNotEmpty().containsExactlyElementsOf(shown);
        }
        assertThat(Files.readString(dir.resolve("r.html"))).as("the report, written again").isEqualTo(report);
    }

    @Test
    void demoKeepDirFilesAreOutputsThatTheReportCannotShare() throws IOException {
        Path kept = Files.createDirectories(dir.resolve("kept2"));
        Result r = unveil("demo", "--keep", kept.toString(), "--report", kept.resolve("demo.pcap").toString());
        assertThat(r.code()).isEqualTo(ExitCode.USAGE);
        assertThat(r.err()).contains("--keep and --report name the same file");
    }

    @Test
    void everyListedCommandAnswersItsOwnHelpWhenBuiltAlone() {
        // `unveil NAME ...` builds only NAME's model: each must still be found under the name the listing shows
        String listing = unveil("--help").out();
        List<String> names = listing.substring(listing.indexOf("Commands:")).lines().skip(1)
                .filter(line -> line.startsWith("  ") && !line.startsWith("   "))
                .map(line -> line.trim().split("\\s+")[0]).toList();
        assertThat(names).contains("info", "packets", "stats", "trace", "correlate", "hosts", "plot", "probe",
                "demo", "balance", "synth");
        for (String name : names) {
            Result r = unveil(name, "--help");
            assertThat(r.code()).as(name).isZero();
            assertThat(r.out()).as(name).startsWith("Usage: unveil " + name + " ");
        }
    }

    @Test
    void noCommandShowsUsageAndExitsTwo() {
        Result r = unveil();
        assertThat(r.code()).isEqualTo(ExitCode.USAGE);
        assertThat(r.err()).contains("info").contains("packets").contains("stats").contains("demo");
    }
}
