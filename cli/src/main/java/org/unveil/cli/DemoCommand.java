package org.unveil.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * `unveil demo`: runs the main commands on the small captures bundled with Unveil. The NAT capture and its
 * labels come from the testbed: `testbed/nat --hosts 6 --seed 11 --duration 12 --mix web` (public side).
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"Run info, stats and packets on a small bundled capture, then host discovery on a bundled"
                + " NAT capture from the testbed (6 hosts behind one address, with labels), and write its report."},
        footer = {"", "Example:  unveil demo --keep demo.pcap --report hosts.html", "", ExitCode.HELP})
final class DemoCommand implements Callable<Integer> {
    static final String RESOURCE = "/org/unveil/cli/demo.pcap";
    static final String NAT_RESOURCE = "/org/unveil/cli/demo-nat.pcap.gz";
    static final String NAT_LABELS = "/org/unveil/cli/demo-nat-labels.csv";

    @Option(names = "--keep", paramLabel = "FILE", description = "Also save the bundled capture to FILE.")
    Path keep;

    @Option(names = "--report", paramLabel = "FILE",
            description = "Where to write the host discovery report (default: unveil-demo-hosts.html).")
    Path report = Path.of("unveil-demo-hosts.html");

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    private final OutputStream stdout;
    private final PrintStream stderr;

    DemoCommand(OutputStream stdout, PrintStream stderr) {
        this.stdout = stdout;
        this.stderr = stderr;
    }

    @Override
    public Integer call() throws IOException {
        // checked as every output is (folder exists, not one file twice) before anything is written
        OutputFiles io = new OutputFiles(spec.commandLine());
        io.output("--keep", keep == null ? null : keep.toString());
        io.output("--report", report.toString());
        Path capture = keep != null ? keep : Files.createTempFile("unveil-demo", ".pcap");
        Path nat = Files.createTempFile("unveil-demo-nat", ".pcap.gz");
        Path labels = Files.createTempFile("unveil-demo-nat-labels", ".csv");
        try {
            if (!extract(RESOURCE, capture) || !extract(NAT_RESOURCE, nat) || !extract(NAT_LABELS, labels)) {
                stderr.println("unveil: a demo capture is missing from this build");
                return ExitCode.INTERNAL;
            }
            String file = capture.toString();
            say("$ unveil info " + file);
            int code = Unveil.run(new String[] {"info", "--quiet", file}, stdout, stderr);
            say("$ unveil stats " + file);
            code = Math.max(code, Unveil.run(new String[] {"stats", "--quiet", file}, stdout, stderr));
            say("$ unveil packets " + file + " --fields frame.number,ip.src,ipv6.src,ip.ttl,ip.id,tcp.dstport,"
                    + "tcp.tsval,http.user_agent,tls.sni   (first 12 rows)");
            LineLimit head = new LineLimit(stdout, 13);
            code = Math.max(code, Unveil.run(new String[] {"packets", "--quiet", file, "--fields",
                "frame.number,ip.src,ipv6.src,ip.ttl,ip.id,tcp.dstport,tcp.tsval,http.user_agent,tls.sni"},
                    head, stderr));
            say("$ unveil hosts nat-public.pcap.gz --truth labels.csv --html " + report
                    + "   (6 hosts behind 203.0.113.1, testbed)");
            code = Math.max(code, Unveil.run(new String[] {"hosts", "--quiet", nat.toString(), "--truth",
                labels.toString(), "--html", report.toString()}, stdout, stderr));
            say("report written to " + report.toAbsolutePath());
            return code;
        } finally {
            if (keep == null) {
                Files.deleteIfExists(capture);
            }
            Files.deleteIfExists(nat);
            Files.deleteIfExists(labels);
        }
    }

    private static boolean extract(String resource, Path to) throws IOException {
        try (InputStream in = DemoCommand.class.getResourceAsStream(resource)) {
            if (in == null) {
                return false;
            }
            Files.copy(in, to, StandardCopyOption.REPLACE_EXISTING);
            return true;
        }
    }

    private void say(String line) throws IOException {
        stdout.write(("\n" + line + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
        stdout.flush();
    }

    /** Passes the first lines through and drops the rest, like `| head`. */
    private static final class LineLimit extends OutputStream {
        private final OutputStream out;
        private int lines;

        LineLimit(OutputStream out, int lines) {
            this.out = out;
            this.lines = lines;
        }

        @Override
        public void write(int b) throws IOException {
            if (lines > 0) {
                out.write(b);
                if (b == '\n') {
                    lines--;
                }
            }
        }

        @Override
        public void flush() throws IOException {
            out.flush();
        }

        @Override
        public void close() throws IOException {
            flush();
        }
    }
}
