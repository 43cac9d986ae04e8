package org.unveil.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.unveil.capture.CaptureReader;
import org.unveil.capture.Captures;
import org.unveil.capture.Packet;
import org.unveil.capture.ProblemListener;
import org.unveil.capture.decode.PacketDecoder;
import org.unveil.capture.decode.PacketLayers;

/** `unveil trace` end to end on a capture whose connections are known by construction. */
class TraceCommandTest {
    @TempDir
    Path dir;

    @Test
    void writesEveryPacketOfTheMatchingConnectionAndNothingElse() throws IOException {
        // nine packets from 192.0.2.1, .2, .3 in turn; the one with the User-Agent is from 192.0.2.2
        Path capture = new CommandLineTest().withDir(dir).capture("nine.pcap", 9);
        Path out = dir.resolve("client.pcap");
        var r = CommandLineTest.unveil("trace", capture.toString(), "--header", "user-agent: Test,", "--write",
                out.toString(), "--json", "--quiet");
        assertThat(r.code()).isEqualTo(ExitCode.OK);
        JsonNode c = new ObjectMapper().readTree(r.out()).get("connections").get(0);
        assertThat(c.get("client").asText()).isEqualTo("192.0.2.2");
        assertThat(c.get("packets").asLong()).isEqualTo(3);
        assertThat(c.get("matched").asText()).isEqualTo("User-Agent: Test, Agent");
        List<Integer> ipids = new ArrayList<>();
        try (CaptureReader reader = Captures.open(out.toString(), ProblemListener.IGNORE)) {
            Packet p = new Packet();
            PacketLayers layers = new PacketLayers();
            while (reader.next(p)) {
                ipids.add(PacketDecoder.decode(p, layers).ipv4().identification());
            }
        }
        assertThat(ipids).containsExactly(101, 104, 107);
    }

    @Test
    void anUncompilableRegexIsAUsageError() throws IOException {
        Path capture = new CommandLineTest().withDir(dir).capture("one.pcap", 1);
        var r = CommandLineTest.unveil("trace", capture.toString(), "--payload", "[unclosed");
        assertThat(r.code()).isEqualTo(ExitCode.USAGE);
        assertThat(r.err()).contains("--payload: the regex '[unclosed' does not compile: ").contains("at position 1");
    }

    @Test
    void exactlyOneQueryIsNeeded() throws IOException {
        Path capture = new CommandLineTest().withDir(dir).capture("two.pcap", 2);
        var r = CommandLineTest.unveil("trace", capture.toString());
        assertThat(r.code()).isEqualTo(ExitCode.USAGE);
        var both = CommandLineTest.unveil("trace", capture.toString(), "--ip", "192.0.2.1", "--xff", "192.0.2.1");
        assertThat(both.code()).isEqualTo(ExitCode.USAGE);
    }

    @Test
    void theFlinkEngineRefusesWhatOnlyTheLocalOneDoes() throws IOException {
        Path capture = new CommandLineTest().withDir(dir).capture("two.pcap", 2);
        var engine = CommandLineTest.unveil("trace", capture.toString(), "--ip", "192.0.2.1", "--engine", "spark");
        assertThat(engine.code()).isEqualTo(ExitCode.USAGE);
        assertThat(engine.err()).contains("--engine: 'spark' is not local or flink");
        var write = CommandLineTest.unveil("trace", capture.toString(), "--ip", "192.0.2.1", "--engine", "flink",
                "--write", dir.resolve("out.pcap").toString());
        assertThat(write.code()).isEqualTo(ExitCode.USAGE);
        assertThat(write.err()).contains("--write: not with --engine flink");
        var stdin = CommandLineTest.unveil("trace", "-", "--ip", "192.0.2.1", "--engine", "flink");
        assertThat(stdin.code()).isEqualTo(ExitCode.USAGE);
        assertThat(stdin.err()).contains("--engine flink reads files, not stdin");
        var badQuery = CommandLineTest.unveil("trace", capture.toString(), "--payload", "[unclosed", "--engine",
                "flink");
        assertThat(badQuery.code()).isEqualTo(ExitCode.USAGE);
        assertThat(badQuery.err()).contains("--payload: the regex '[unclosed' does not compile");
        var hostsPage = CommandLineTest.unveil("hosts", capture.toString(), "--engine", "flink", "--html",
                dir.resolve("h.html").toString());
        assertThat(hostsPage.code()).isEqualTo(ExitCode.USAGE);
        assertThat(hostsPage.err()).contains("--html: not with --engine flink");
        var hostsThreads = CommandLineTest.unveil("hosts", capture.toString(), "--threads", "2");
        assertThat(hostsThreads.code()).isEqualTo(ExitCode.USAGE);
        assertThat(hostsThreads.err()).contains("--threads: only with --engine flink");
    }

    @Test
    void theFlinkEngineSaysWhenNothingCanBeRead() throws IOException {
        Path empty = java.nio.file.Files.createDirectories(dir.resolve("empty"));
        var none = CommandLineTest.unveil("trace", empty.toString(), "--ip", "192.0.2.1", "--engine", "flink");
        assertThat(none.code()).isEqualTo(ExitCode.NO_INPUT);
        assertThat(none.err().strip()).isEqualTo("unveil: " + empty + ": no files in the folder");
        Path notes = java.nio.file.Files.writeString(dir.resolve("notes.pcap"), "hello, not a capture");
        for (String command : List.of("trace", "hosts")) {
            List<String> args = new ArrayList<>(List.of(command, notes.toString(), "--engine", "flink", "--quiet"));
            if (command.equals("trace")) {
                args.addAll(List.of("--ip", "192.0.2.1"));
            }
            var r = CommandLineTest.unveil(args.toArray(String[]::new));
            assertThat(r.code()).as(command).isEqualTo(ExitCode.NO_INPUT);
            assertThat(r.err()).as(command).contains("notes.pcap: byte 0: not a pcap or pcapng capture")
                    .doesNotContain("Exception");
        }
    }

    @Test
    void storeIsForTheFlinkEngineAndAnUnreachableOneIsExitFour() throws IOException {
        Path capture = new CommandLineTest().withDir(dir).capture("two.pcap", 2);
        var local = CommandLineTest.unveil("trace", capture.toString(), "--ip", "192.0.2.1", "--store",
                "postgresql://u@127.0.0.1:1/db");
        assertThat(local.code()).isEqualTo(ExitCode.USAGE);
        assertThat(local.err()).contains("--store: only with --engine flink");
        var notPg = CommandLineTest.unveil("hosts", capture.toString(), "--engine", "flink", "--store", "s.duckdb");
        assertThat(notPg.code()).isEqualTo(ExitCode.USAGE);
        assertThat(notPg.err()).contains("--store: 's.duckdb' is not a postgresql:// address");
        var runAlone = CommandLineTest.unveil("hosts", capture.toString(), "--engine", "flink", "--run", "x");
        assertThat(runAlone.code()).isEqualTo(ExitCode.USAGE);
        assertThat(runAlone.err()).contains("--run: only with --store");
        // port 1 on loopback: nothing listens, the connection is refused at once
        var unreachable = CommandLineTest.unveil("trace", capture.toString(), "--ip", "192.0.2.1", "--quiet",
                "--engine", "flink", "--store", "postgresql://u:secret@127.0.0.1:1/db");
        assertThat(unreachable.code()).isEqualTo(ExitCode.OUTPUT);
        assertThat(unreachable.err().strip().lines()).hasSize(1);
        assertThat(unreachable.err()).startsWith("unveil: postgresql://u@127.0.0.1:1/db: ").doesNotContain("secret");
    }
}
