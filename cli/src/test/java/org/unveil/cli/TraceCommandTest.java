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
}
