package org.unveil.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.unveil.cli.CommandLineTest.unveil;

import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.unveil.capture.oracle.ExternalTool;
import org.unveil.cli.CommandLineTest.Result;

/** -f takes a tcpdump expression on every command that reads packets, and keeps what tcpdump keeps. */
class BpfOptionTest {
    @TempDir
    Path dir;

    @Test
    void packetsKeepsWhatTcpdumpKeeps() throws Exception {
        ExternalTool.require("tcpdump");
        Path capture = new CommandLineTest().withDir(dir).capture("c.pcap", 9); // 192.0.2.1..3, one each in turn
        String tcpdump = ExternalTool.run(java.util.List.of("tcpdump", "-r", capture.toString(), "-n", "-tt",
                "src host 192.0.2.2"));
        Result r = unveil("packets", capture.toString(), "-f", "src host 192.0.2.2", "-e", "frame.number,ip.src",
                "--no-header");
        assertThat(r.code()).isEqualTo(ExitCode.OK);
        assertThat(r.out().lines()).containsExactly("2,192.0.2.2", "5,192.0.2.2", "8,192.0.2.2");
        assertThat(tcpdump.lines()).hasSize(3);
    }

    @Test
    void everyCommandThatReadsPacketsTakesIt() throws IOException {
        String c = new CommandLineTest().withDir(dir).capture("c.pcap", 9).toString();
        Result stats = unveil("stats", c, "-f", "src host 192.0.2.1", "--json");
        assertThat(stats.code()).isEqualTo(ExitCode.OK);
        assertThat(stats.out()).contains("\"packets\" : 3");
        Result trace = unveil("trace", c, "--ip", "198.51.100.7", "-f", "src host 192.0.2.3");
        assertThat(trace.out()).contains("192.0.2.3:50000 -> 198.51.100.7:80").contains("1 connection\n");
        Result hosts = unveil("hosts", c, "-f", "src host 192.0.2.1");
        assertThat(hosts.out()).contains("192.0.2.1:").doesNotContain("192.0.2.2:");
    }

    @Test
    void plotDrawsWhatTcpdumpKeeps() throws Exception {
        ExternalTool.require("tcpdump");
        Path c = new CommandLineTest().withDir(dir).capture("c.pcap", 9); // 192.0.2.1..3, one each in turn
        Path kept = dir.resolve("kept.pcap");
        ExternalTool.run(java.util.List.of("tcpdump", "-r", c.toString(), "-w", kept.toString(), "src host 192.0.2.1"));
        // against time (packet numbers differ between the files): the same points, so the same picture
        byte[] filtered = plot(c, "filtered.png", "-f", "src host 192.0.2.1");
        byte[] ofKept = plot(kept, "kept.png");
        byte[] all = plot(c, "all.png");
        assertThat(filtered).as("-f plots what tcpdump keeps").isEqualTo(ofKept);
        assertThat(filtered).as("and not every packet").isNotEqualTo(all);
    }

    private byte[] plot(Path capture, String png, String... more) throws IOException {
        java.util.List<String> args = new java.util.ArrayList<>(java.util.List.of("plot", capture.toString(), "--y",
                "ipid", "--x", "time", "--quiet", "--out", dir.resolve(png).toString()));
        args.addAll(java.util.List.of(more));
        Result r = unveil(args.toArray(String[]::new));
        assertThat(r.code()).as(r.err()).isEqualTo(ExitCode.OK);
        return java.nio.file.Files.readAllBytes(dir.resolve(png));
    }

    @Test
    void packetsTheFilterCannotTestAreSaidByEveryCommandThatTakesIt() throws IOException {
        Path capture = dir.resolve("nflog.pcap");
        try (java.io.OutputStream out = java.nio.file.Files.newOutputStream(capture);
                org.unveil.capture.pcap.PcapWriter w = new org.unveil.capture.pcap.PcapWriter(out, 239, 65535)) {
            for (int i = 0; i < 4; i++) { // LINKTYPE_NFLOG: libpcap compiles no filter for it
                w.write(org.unveil.capture.Packet.of(239, 1_700_000_000_000_000_000L + i, new byte[40]));
            }
        }
        String c = capture.toString();
        String note = "unveil: " + c + ": 4 packets read: 4 left out: the packet filter could not test them"
                + " ('tcp': NFLOG link-layer type filtering not implemented)";
        for (String[] args : java.util.List.of(new String[] {"packets", c}, new String[] {"stats", c},
                new String[] {"trace", c, "--ip", "192.0.2.1"}, new String[] {"hosts", c},
                new String[] {"plot", c, "--y", "ipid", "--quiet", "--out", dir.resolve("p.png").toString()})) {
            java.util.List<String> line = new java.util.ArrayList<>(java.util.List.of(args));
            line.addAll(java.util.List.of("-f", "tcp"));
            Result r = unveil(line.toArray(String[]::new));
            assertThat(r.err().lines().filter(note::equals).count()).as(line + ": " + r.err()).isEqualTo(1);
        }
    }

    @Test
    void aMistakeIsAOneLineUsageErrorWithLibpcapsWords() throws IOException {
        String c = new CommandLineTest().withDir(dir).capture("c.pcap", 2).toString();
        for (String command : java.util.List.of("packets", "stats", "hosts")) {
            Result r = unveil(command, c, "-f", "tcp prot 80");
            assertThat(r.code()).isEqualTo(ExitCode.USAGE);
            assertThat(r.err().strip().lines()).hasSize(1);
            assertThat(r.err()).contains("-f: 'tcp prot 80': ").contains("syntax error");
        }
    }
}
