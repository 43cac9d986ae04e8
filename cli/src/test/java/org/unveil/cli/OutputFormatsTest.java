package org.unveil.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.unveil.cli.CommandLineTest.unveil;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.unveil.capture.flow.IpAddresses;
import org.unveil.cli.CommandLineTest.Result;

/** Outputs that fit other people's pipelines: times that keep their nanoseconds, IPv6 endpoints bracketed. */
class OutputFormatsTest {
    @TempDir
    Path dir;

    @Test
    void jsonTimesAreStringsWithAllNineDecimals() throws IOException {
        String c = new CommandLineTest().withDir(dir).capture("c.pcap", 4).toString();
        JsonNode row = new ObjectMapper().readTree(unveil("packets", c, "--format", "jsonl", "-e",
                "frame.number,frame.time_epoch").out().lines().findFirst().orElseThrow());
        assertThat(row.get("frame.time_epoch").isTextual()).isTrue();
        assertThat(row.get("frame.time_epoch").asText()).isEqualTo("1700000000.000000000");
        assertThat(row.get("frame.number").isNumber()).isTrue();
        JsonNode host = new ObjectMapper().readTree(unveil("hosts", c, "--json").out())
                .get("addresses").get(0).get("hosts").get(0);
        assertThat(host.get("firstSeen").asText()).matches("\\d{10}\\.\\d{9}");
        assertThat(host.get("firstSeen").isTextual()).isTrue();
    }

    @Test
    void theHeaderKeepsTheNamesAskedForAndSeveralFilesAreNamedAndNumberedEachFromOne() throws IOException {
        CommandLineTest captures = new CommandLineTest().withDir(dir);
        String a = captures.capture("a.pcap", 2).toString();
        String b = captures.capture("b.pcap", 1).toString();
        Result r = unveil("packets", a, b, "-e", "frame.file,frame.number,tcp.options.timestamp.tsval,ip.src");
        assertThat(r.out().lines()).containsExactly("frame.file,frame.number,tcp.options.timestamp.tsval,ip.src",
                a + ",1,,192.0.2.1", a + ",2,,192.0.2.2", b + ",1,,192.0.2.1");
        Result defaults = unveil("packets", a, b);
        assertThat(defaults.out().lines().findFirst().orElseThrow())
                .startsWith("frame.file,frame.number,frame.time_epoch,ip.src,ip.dst,ipv6.src,ipv6.dst,");
        assertThat(unveil("packets", a).out()).startsWith("frame.number,frame.time_epoch,");
    }

    @Test
    void aFileNameOutsideAsciiIsWrittenAsUtf8InCsvAndJson() throws IOException {
        String name = new CommandLineTest().withDir(dir).capture("café-ü.pcap", 1).toString();
        // Result.out holds one char per byte written
        String csv = utf8(unveil("packets", name, "-e", "frame.file,frame.number").out());
        assertThat(csv.lines()).containsExactly("frame.file,frame.number", name + ",1");
        String json = utf8(unveil("packets", name, "--format", "jsonl", "-e", "frame.file").out());
        assertThat(new ObjectMapper().readTree(json).get("frame.file").asText()).isEqualTo(name);
    }

    private static String utf8(String bytes) {
        return new String(bytes.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1),
                java.nio.charset.StandardCharsets.UTF_8);
    }

    @Test
    void ipv6EndpointsAreBracketedSoThePortStaysApart() {
        assertThat(IpAddresses.withPort("2001:db8::1", 443)).isEqualTo("[2001:db8::1]:443");
        assertThat(IpAddresses.withPort("192.0.2.1", 80)).isEqualTo("192.0.2.1:80");
    }
}
