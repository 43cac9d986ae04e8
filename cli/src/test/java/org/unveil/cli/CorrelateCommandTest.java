package org.unveil.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `unveil correlate`: bad input as elsewhere (one line, exit codes 2 and 3). */
class CorrelateCommandTest {
    @TempDir
    Path dir;

    @Test
    void aMissingCaptureExitsThreeWithOneLine() throws IOException {
        Path capture = new CommandLineTest().withDir(dir).capture("one.pcap", 1);
        var r = CommandLineTest.unveil("correlate", "--front", capture.toString(), "--back",
                dir.resolve("absent.pcap").toString(), "--quiet");
        assertThat(r.code()).isEqualTo(ExitCode.NO_INPUT);
        assertThat(r.err().lines()).hasSize(1).allMatch(l -> l.contains("absent.pcap"));
    }

    @Test
    void anUnknownEvidenceIsAUsageError() throws IOException {
        Path capture = new CommandLineTest().withDir(dir).capture("one.pcap", 1);
        var r = CommandLineTest.unveil("correlate", "--front", capture.toString(), "--back", capture.toString(),
                "--evidence", "magic");
        assertThat(r.code()).isEqualTo(ExitCode.USAGE);
        assertThat(r.err()).contains("--evidence: 'magic' is not one of xff, fingerprint, timing, auto");
    }

    @Test
    void aCaptureCorrelatedWithItselfPairsItsOneRequestWithItself() throws IOException {
        Path capture = new CommandLineTest().withDir(dir).capture("two.pcap", 2);
        var r = CommandLineTest.unveil("correlate", "--front", capture.toString(), "--back", capture.toString(),
                "--json", "--quiet");
        assertThat(r.code()).isEqualTo(ExitCode.OK);
        var json = new com.fasterxml.jackson.databind.ObjectMapper().readTree(r.out());
        assertThat(json.get("pairs")).hasSize(1);
        var pair = json.get("pairs").get(0);
        assertThat(pair.get("front").get("clientPort").asInt()).isEqualTo(pair.get("back").get("proxyPort").asInt());
        assertThat(pair.get("front").get("uri").asText()).isEqualTo("/x");
        assertThat(json.get("policy").get("guess").asText()).isEqualTo("unknown");
    }
}
