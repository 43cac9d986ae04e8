package org.unveil.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * `unveil demo`: runs the main commands on the small captures bundled with Unveil. The NAT capture and its
 * labels come from the testbed: `testbed/nat --hosts 6 --seed 11 --duration 12 --mix web` (public side).
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"Run info, stats and packets on a small bundled capture, then host discovery on a bundled"
                + " NAT capture from the testbed (6 hosts behind one address, with labels), and write its report;"
                + " then make a synthetic scan of the IPv4 space (seeded), ingest it, print and write its report."},
        footer = {"", "Example:  unveil demo --keep demo/ --report hosts.html", "", ExitCode.HELP})
final class DemoCommand implements Callable<Integer> {
    static final String RESOURCE = "/org/unveil/cli/demo.pcap";
    static final String NAT_RESOURCE = "/org/unveil/cli/demo-nat.pcap.gz";
    static final String NAT_LABELS = "/org/unveil/cli/demo-nat-labels.csv";

    @Option(names = "--keep", paramLabel = "DIR",
            description = "Keep the demo's inputs (demo.pcap, nat-public.pcap.gz, nat-labels.csv, synthetic-scan.csv,"
                    + " synthetic-truth.csv, demo-scans.duckdb) in DIR.")
    Path keep;

    @Option(names = "--report", paramLabel = "FILE",
            description = "Where to write the host discovery report (default: unveil-demo-hosts.html).")
    Path report = Path.of("unveil-demo-hosts.html");

    @Option(names = "--scan-report", paramLabel = "FILE",
            description = "Where to write the synthetic scan's report (default: unveil-demo-scan.html beside --report).")
    Path scanReport;

    /** The synthetic scan: port 80 over all of IPv4 at 1 in 100,000 (some 40,000 responders), seed 15. */
    static final List<String> SYNTH = List.of("--targets", "0.0.0.0/0", "--hit-rate", "0.00001", "--seed", "15");

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
        // checked as every output is (a folder, not a file; the report not inside a file) before anything is written
        OutputFiles io = new OutputFiles(spec.commandLine());
        Path folder = io.folder("--keep", keep);
        io.output("--report", report.toString());
        Path scanPage = scanReport != null ? scanReport : report.resolveSibling("unveil-demo-scan.html");
        io.output("--scan-report", scanPage.toString());
        Path inputs = folder != null ? Files.createDirectories(folder) : Files.createTempDirectory("unveil-demo");
        Path capture = inputs.resolve("demo.pcap");
        Path nat = inputs.resolve("nat-public.pcap.gz");
        Path labels = inputs.resolve("nat-labels.csv");
        Path scanCsv = inputs.resolve("synthetic-scan.csv");
        Path scanTruth = inputs.resolve("synthetic-truth.csv");
        Path store = inputs.resolve("demo-scans.duckdb");
        io.output("--keep", scanCsv.toString());
        io.output("--keep", scanTruth.toString());
        io.output("--keep", store.toString());
        // the kept inputs are outputs like any other: claimed (never the report), written whole or not at all
        OutputFiles.Output captureOut = io.output("--keep", capture.toString());
        OutputFiles.Output natOut = io.output("--keep", nat.toString());
        OutputFiles.Output labelsOut = io.output("--keep", labels.toString());
        try {
            if (!extract(RESOURCE, captureOut) || !extract(NAT_RESOURCE, natOut) || !extract(NAT_LABELS, labelsOut)) {
                stderr.println("unveil: a demo capture is missing from this build");
                return ExitCode.INTERNAL;
            }
            // each command is printed as it can be run again by hand (with --keep, on the files kept)
            String file = capture.toString();
            int code = run(List.of("info", file), stdout);
            code = Math.max(code, run(List.of("stats", file), stdout));
            say("(first 12 rows)");
            code = Math.max(code, run(List.of("packets", file, "-e",
                    "frame.number,ip.src,ipv6.src,ip.ttl,ip.id,tcp.dstport,tcp.tsval,http.user_agent,tls.sni"),
                    new LineLimit(stdout, 13)));
            say("(6 hosts behind 203.0.113.1, from the testbed, with their labels)");
            code = Math.max(code, run(List.of("hosts", nat.toString(), "--truth", labels.toString(), "--html",
                    report.toString()), stdout));
            say("(a synthetic scan of port 80 over all of IPv4, seeded: its truth per country is in "
                    + scanTruth.getFileName() + ")");
            List<String> synth = new java.util.ArrayList<>(List.of("scan", "synth"));
            synth.addAll(SYNTH);
            synth.addAll(List.of("-o", scanCsv.toString(), "--truth", scanTruth.toString()));
            code = Math.max(code, runAsIs(synth));
            code = Math.max(code, runAsIs(List.of("scan", "ingest", scanCsv.toString(), "--store", store.toString(),
                    "--name", "synthetic-80", "--replace", "--port", "80", "--targets", "0.0.0.0/0")));
            code = Math.max(code, runAsIs(List.of("scan", "report", "--store", store.toString(), "--scan",
                    "synthetic-80", "--top", "10", "--html", scanPage.toString())));
            say("report written to " + report.toAbsolutePath() + ", the scan's to " + scanPage.toAbsolutePath()
                    + (folder == null ? "\n(--keep DIR keeps the demo's inputs, to run these commands again;"
                            + " unveil serve --store DIR/demo-scans.duckdb shows the scan's dashboard)" : ""));
            return code;
        } finally {
            if (folder == null) {
                Files.deleteIfExists(capture);
                Files.deleteIfExists(nat);
                Files.deleteIfExists(labels);
                Files.deleteIfExists(scanCsv);
                Files.deleteIfExists(scanTruth);
                Files.deleteIfExists(store);
                Files.deleteIfExists(store.resolveSibling(store.getFileName() + ".wal"));
                Files.deleteIfExists(inputs);
            }
        }
    }

    /** Prints the command line, then runs it quietly. */
    private int run(List<String> args, OutputStream out) throws IOException {
        say("$ unveil " + String.join(" ", args));
        List<String> quiet = new java.util.ArrayList<>(args);
        quiet.add(1, "--quiet");
        return Unveil.run(quiet.toArray(String[]::new), out, stderr);
    }

    /** Prints the command line, then runs it as printed (the scan commands have no --quiet). */
    private int runAsIs(List<String> args) throws IOException {
        say("$ unveil " + String.join(" ", args));
        return Unveil.run(args.toArray(String[]::new), stdout, stderr);
    }

    private boolean extract(String resource, OutputFiles.Output to) throws IOException {
        try (InputStream in = DemoCommand.class.getResourceAsStream(resource)) {
            if (in == null) {
                return false;
            }
            try (OutputFiles.Sink sink = to.open(stdout)) {
                in.transferTo(sink);
                sink.commit();
            }
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
