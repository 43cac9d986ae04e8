package org.unveil.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.unveil.cli.CommandLineTest.unveil;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.unveil.cli.CommandLineTest.Result;

/** Every numeric option is bounded, every list option rejects empty items; each error names option and value. */
class OptionBoundsTest {
    @TempDir
    static Path dir;

    private static String capture;

    @org.junit.jupiter.api.BeforeAll
    static void capture() throws IOException {
        capture = new CommandLineTest().withDir(dir).capture("c.pcap", 4).toString();
    }

    /** A command line, and what its one error line must name. */
    record Refused(List<String> args, String names) {
    }

    static Stream<Refused> refused() {
        int tooMany = Runtime.getRuntime().availableProcessors() * 4 + 1;
        return Stream.of(
                new Refused(List.of("stats", "C", "--threads", "-1"), "--threads: -1"),
                new Refused(List.of("stats", "C", "--threads", "0"), "--threads: 0"),
                new Refused(List.of("stats", "C", "--threads", "100000"), "--threads: 100000"),
                new Refused(List.of("stats", "C", "--threads", "" + tooMany), "--threads: " + tooMany),
                new Refused(List.of("trace", "C", "--ip", "192.0.2.1", "--threads", "0"), "--threads: 0"),
                new Refused(List.of("trace", "C", "--ip", "192.0.2.1", "--threads", "100000"), "--threads: 100000"),
                new Refused(List.of("balance", "simulate", "--synthetic", "1", "--nodes", "100000"), "--nodes: 100000"),
                new Refused(List.of("balance", "simulate", "--synthetic", "1", "--nodes", "513"), "--nodes: 513"),
                new Refused(List.of("balance", "simulate", "--synthetic", "1", "--nodes", "0"), "--nodes: 0"),
                new Refused(List.of("balance", "simulate", "--synthetic", "1", "--schedulers", ",,"), "--schedulers: ',,'"),
                new Refused(List.of("balance", "simulate", "--synthetic", "1", "--schedulers", "srr,,lc"),
                        "--schedulers: 'srr,,lc'"),
                new Refused(List.of("packets", "C", "--fields", ",,,"), "--fields: ',,,'"),
                new Refused(List.of("packets", "C", "--fields", "ip.src,"), "--fields: 'ip.src,'"),
                new Refused(List.of("packets", "C", "--fields", "ip.src,ip.src"), "ip.src is named twice"),
                new Refused(List.of("packets", "C", "--format", "jsonl", "--fields", "tcp.tsval,tcp.options.timestamp.tsval"),
                        "tcp.tsval is named twice (tcp.options.timestamp.tsval is another name for tcp.tsval)"),
                new Refused(List.of("synth", "natify", "C", "n.pcap", "--public", "192.0.2.9", "--inside", ",,",
                        "--labels", "n.csv"), "--inside: ',,'"),
                new Refused(List.of("synth", "natify", "C", "n.pcap", "--public", "192.0.2.9", "--inside", "1.2.3",
                        "--labels", "n.csv"), "--inside"),
                new Refused(List.of("plot", "C", "--y", "ipid", "--out", "p.png", "--max-points", "1000000000"),
                        "--max-points: 1000000000"),
                new Refused(List.of("synth", "generate", "--out", "g.pcap", "--labels", "g.csv", "--rate", "1e9"),
                        "--rate"),
                new Refused(List.of("synth", "generate", "--out", "g.pcap", "--labels", "g.csv", "--reboots", "-1"),
                        "--reboots: -1"),
                new Refused(List.of("hosts", "C", "--address", "1.2.3"), "--address: '1.2.3'"),
                new Refused(List.of("proxy", "--replicate-to", "1.2.3:7000"), "--replicate-to '1.2.3'"),
                new Refused(List.of("proxy", "--restore-from", "198.51.100.2"), "--restore-from '198.51.100.2'"),
                new Refused(List.of("proxy", "--copies-on", "r0"), "--copies-on"),
                new Refused(List.of("proxy", "--restore-from", "198.51.100.2:7000", "--standby", "/tmp/unveil-bounds.sock"),
                        "--restore-from makes a backup node"),
                new Refused(List.of("proxy", "--restore-from", "198.51.100.2:7000", "--takeover-command", " "),
                        "--takeover-command"),
                new Refused(List.of("proxy", "--take-over", "/tmp/unveil-proxy-bounds.sock", "--standby",
                        "/tmp/unveil-proxy-bounds.sock"), "--standby with --take-over"));
    }

    @ParameterizedTest
    @MethodSource("refused")
    void isAOneLineUsageErrorNamingTheOptionAndValue(Refused refused) {
        String[] args = refused.args().stream().map(a -> a.equals("C") ? capture
                : a.contains(".") && !a.contains(",") && !a.startsWith("1") && !a.startsWith("ip") && !a.startsWith("tcp")
                        ? dir.resolve(a).toString() : a).toArray(String[]::new);
        Result r = unveil(args);
        assertThat(r.code()).as(r.err()).isEqualTo(ExitCode.USAGE);
        assertThat(r.err().strip().lines()).as(r.err()).hasSize(1);
        assertThat(r.err()).contains(refused.names()).contains("--help").doesNotContain("Exception");
        assertThat(r.out()).isEmpty();
    }

    @Test
    void anUnknownCommandIsAUsageErrorNamingIt() {
        Result r = unveil("sniff", "--help");
        assertThat(r.code()).isEqualTo(ExitCode.USAGE);
        assertThat(r.err().strip()).startsWith("unveil: no command 'sniff'; the commands are info, packets,");
        assertThat(r.out()).isEmpty();
    }

    @Test
    void versionNamesTheCommitItWasBuiltFrom() {
        Result r = unveil("--version");
        assertThat(r.code()).isEqualTo(ExitCode.OK);
        // the build writes git.properties from the checkout; the suite runs in one
        assertThat(r.out().strip()).matches("unveil 0\\.1\\.0 \\(commit [0-9a-f]{7,}( with uncommitted changes)?,"
                + " \\d{4}-\\d{2}-\\d{2}\\)");
        assertThat(unveil("-V").out()).isEqualTo(r.out());
    }

    @Test
    void theCompletionScriptKnowsEveryCommandAndItsOptions() throws IOException {
        Path script = dir.resolve("unveil.bash");
        CompletionScript.main(new String[] {script.toString()});
        String text = java.nio.file.Files.readString(script);
        for (String command : List.of("info", "packets", "stats", "trace", "correlate", "hosts", "plot", "demo",
                "balance simulate", "synth generate", "synth natify")) {
            assertThat(text).contains("_picocli_unveil_" + command.replace(' ', '_'));
        }
        assertThat(text).contains("--bpf").contains("--flows-csv").contains("--schedulers");
    }

    @Test
    void boundsAreInclusive() {
        assertThat(unveil("stats", "--quiet", capture, "--threads", "1").code()).isEqualTo(ExitCode.OK);
        int most = Runtime.getRuntime().availableProcessors() * 4;
        assertThat(unveil("stats", "--quiet", capture, "--threads", "" + most).code()).isEqualTo(ExitCode.OK);
    }
}
