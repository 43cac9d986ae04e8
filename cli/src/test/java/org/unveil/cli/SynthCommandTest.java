package org.unveil.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.unveil.cli.CommandLineTest.unveil;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `unveil synth generate` and `natify` end to end: files written, usage errors, missing input. */
class SynthCommandTest {
    @TempDir
    Path dir;

    private String at(String name) {
        return dir.resolve(name).toString();
    }

    @Test
    void generateWritesCaptureLabelsAndHostsAndIsRepeatable() throws IOException {
        for (String name : List.of("a", "b")) {
            CommandLineTest.Result r = unveil("synth", "generate", "--mix", "home", "--seed", "5", "--duration", "30s",
                    "--out", at(name + ".pcap"), "--labels", at(name + ".csv"), "--hosts-csv", at(name + "-hosts.csv"),
                    "--nat", "random", "--jitter", "0.5", "--loss", "0.01");
            assertThat(r.code()).as(r.err()).isZero();
            assertThat(r.out()).contains("packets").contains("flows of 6 hosts");
        }
        assertThat(Files.mismatch(dir.resolve("a.pcap"), dir.resolve("b.pcap"))).isEqualTo(-1);
        assertThat(Files.readAllLines(dir.resolve("a.csv")).getFirst()).isEqualTo("first_time,proto,src,sport,dst,dport,host");
        assertThat(Files.readAllLines(dir.resolve("a-hosts.csv"))).hasSize(1 + 6 + 11);
        CommandLineTest.Result info = unveil("info", at("a.pcap"));
        assertThat(info.code()).isZero();
        assertThat(info.out()).contains("problems:       0");
    }

    @Test
    void generateWritesPcapngByNameWithTheSamePackets() {
        for (String name : List.of("g.pcap", "g.pcapng")) {
            assertThat(unveil("synth", "generate", "--seed", "3", "--duration", "5s", "--out", at(name), "--labels",
                    at(name + ".csv")).code()).isEqualTo(ExitCode.OK);
        }
        String pcap = unveil("packets", at("g.pcap"), "--no-header").out();
        String pcapng = unveil("packets", at("g.pcapng"), "--no-header").out();
        assertThat(pcapng).isEqualTo(pcap).isNotEmpty();
        assertThat(unveil("info", at("g.pcapng")).out()).contains("format:         pcapng");
    }

    @Test
    void natifyRewritesAndLabels() throws IOException {
        Path in = new CommandLineTest().withDir(dir).capture("in.pcap", 6);
        CommandLineTest.Result r = unveil("synth", "natify", in.toString(), at("out.pcap"), "--public", "203.0.113.1",
                "--inside", "192.0.2.1,192.0.2.2", "--labels", at("l.csv"), "-q");
        assertThat(r.code()).as(r.err()).isZero();
        List<String> labels = Files.readAllLines(dir.resolve("l.csv"));
        assertThat(labels).hasSize(3).allMatch(l -> l.startsWith("first_time") || l.contains(",203.0.113.1,"));
        CommandLineTest.Result packets = unveil("packets", at("out.pcap"), "--fields", "ip.src");
        assertThat(packets.out().lines().skip(1)).containsExactly("203.0.113.1", "203.0.113.1", "192.0.2.3",
                "203.0.113.1", "203.0.113.1", "192.0.2.3");
    }

    @Test
    void usageErrorsExitTwoWithOneLine() {
        String[][] bad = {
            {"synth", "generate", "--out", at("x.pcap"), "--labels", at("x.csv"), "--mix", "nope"},
            {"synth", "generate", "--out", at("x.pcap"), "--labels", at("x.csv"), "--duration", "soon"},
            {"synth", "generate", "--out", at("x.pcap"), "--labels", at("x.csv"), "--public", "example.com"},
            {"synth", "generate", "--out", at("x.pcap"), "--labels", at("x.csv"), "--size", "lots"},
            {"synth", "generate", "--labels", at("x.csv")},
            {"synth", "natify", at("in.pcap"), at("out.pcap"), "--public", "1.2.3", "--inside", "10.0.0.1",
                "--labels", at("l.csv")},
            {"synth", "natify", at("in.pcap"), at("out.pcap"), "--public", "192.0.2.1", "--labels", at("l.csv")},
        };
        for (String[] args : bad) {
            CommandLineTest.Result r = unveil(args);
            assertThat(r.code()).as(String.join(" ", args)).isEqualTo(ExitCode.USAGE);
            assertThat(r.err()).startsWith("unveil").doesNotContain("Exception");
        }
        assertThat(Files.exists(dir.resolve("x.pcap"))).isFalse();
        CommandLineTest.Result bare = unveil("synth");
        assertThat(bare.code()).isEqualTo(ExitCode.USAGE);
        assertThat(bare.err()).contains("generate").contains("natify");
    }

    @Test
    void aMissingInputExitsThreeAndLeavesNoOutput() {
        CommandLineTest.Result r = unveil("synth", "natify", at("missing.pcap"), at("out.pcap"), "--public",
                "192.0.2.1", "--inside", "10.0.0.1", "--labels", at("l.csv"));
        assertThat(r.code()).isEqualTo(ExitCode.NO_INPUT);
        assertThat(r.err().strip()).isEqualTo("unveil: " + at("missing.pcap") + ": byte 0: no such file");
        assertThat(Files.exists(dir.resolve("out.pcap"))).isFalse();
    }
}
