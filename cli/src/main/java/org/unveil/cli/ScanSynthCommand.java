package org.unveil.cli;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.unveil.scan.block.Cidr;
import org.unveil.scan.block.Ranges;
import org.unveil.scan.synth.SyntheticScan;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** `unveil scan synth`: a made-up zmap scan of any size, deterministic for a seed, with its truth per country. */
@Command(name = "synth", mixinStandardHelpOptions = true,
        description = {"Write a synthetic zmap 2.1.1 csv (tcp_synscan) over the targets: addresses drawn country by"
                + " country from the geo table, each country answering at the hit rate times a factor of its own"
                + " (0.25 to 1.75, from the seed); 80 %% of answers SYN-ACK, 20 %% RST, 2 %% of SYN-ACKs repeated."
                + " Same seed, same file. --truth writes what the file holds per country, for checking reports."},
        footer = {"", "Example:",
            "  unveil scan synth --targets 0.0.0.0/0 --hit-rate 0.00001 --seed 15 -o synth.csv --truth truth.csv",
            "  unveil scan ingest synth.csv --store s.duckdb --name synth --port 80 --targets 0.0.0.0/0",
            "", ExitCode.HELP})
final class ScanSynthCommand implements Callable<Integer> {
    @Option(names = "--targets", split = ",", paramLabel = "CIDR,…", defaultValue = "0.0.0.0/0",
            description = "The ranges scanned (default: ${DEFAULT-VALUE}).")
    List<String> targets;

    @Option(names = "--hit-rate", defaultValue = "0.001", paramLabel = "R",
            description = "Responders per address scanned, on average (default: ${DEFAULT-VALUE}).")
    double hitRate;

    @Option(names = "--port", defaultValue = "80", paramLabel = "P", description = "The port (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--seed", defaultValue = "1", paramLabel = "S", description = "The seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = {"-o", "--output"}, paramLabel = "F", description = "Where to write the csv (default: stdout).")
    String output;

    @Option(names = "--truth", paramLabel = "F", description = "Also write country,scanned,responders to F.")
    String truth;

    @Option(names = "--geo", paramLabel = "F", description = "The geo table (default: the refreshed one, else the"
            + " one shipped).")
    String geo;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    private final OutputStream stdout;
    private final PrintStream stderr;

    ScanSynthCommand(OutputStream stdout, PrintStream stderr) {
        this.stdout = stdout;
        this.stderr = stderr;
    }

    @Override
    public Integer call() throws IOException {
        if (!(hitRate > 0 && hitRate <= 1)) {
            stderr.println("unveil: --hit-rate " + hitRate + ": must be above 0 and at most 1");
            return ExitCode.USAGE;
        }
        if (port < 0 || port > 65535) {
            stderr.println("unveil: --port " + port + ": not a port (0 to 65535)");
            return ExitCode.USAGE;
        }
        List<long[]> ranges = new ArrayList<>();
        for (String t : targets) {
            try {
                Cidr c = Cidr.parse(t);
                ranges.add(new long[] {c.first(), c.last()});
            } catch (Cidr.BadCidr e) {
                stderr.println("unveil: --targets: " + e.getMessage());
                return ExitCode.USAGE;
            }
        }
        OutputFiles io = new OutputFiles(spec.commandLine());
        OutputFiles.Output csv = io.output("-o", output == null ? OutputFiles.STANDARD : output);
        OutputFiles.Output truthOut = io.output("--truth", truth);
        SyntheticScan.Truth made;
        try (OutputFiles.Sink sink = csv.open(stdout)) {
            BufferedWriter w = new BufferedWriter(new OutputStreamWriter(sink, StandardCharsets.UTF_8), 1 << 16);
            made = SyntheticScan.write(ScanPaths.geo(geo), new SyntheticScan.Options(Ranges.normal(ranges), hitRate,
                    port, seed), w);
            w.flush();
            sink.commit();
        }
        if (truthOut != null) {
            StringBuilder sb = new StringBuilder("country,scanned,responders\n");
            made.countries().forEach(c -> sb.append(c.country()).append(',').append(c.scanned()).append(',')
                    .append(c.responders()).append('\n'));
            truthOut.write(stdout, sb.toString().getBytes(StandardCharsets.UTF_8));
        }
        String summary = String.format(Locale.ROOT, "synthetic scan: %d lines, %d responders of %d addresses"
                + " (hit rate %.6f%%)%n", made.lines(), made.responders(), made.scanned(),
                100.0 * made.responders() / made.scanned());
        if (csv.isStdout()) {
            stderr.print(summary);
        } else {
            stdout.write(summary.getBytes(StandardCharsets.UTF_8));
            stdout.flush();
        }
        return ExitCode.OK;
    }
}
