package org.unveil.cli;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.unveil.capture.pipeline.CaptureResult;
import org.unveil.capture.summary.ProtocolSummary;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** `unveil stats`: decodes every header of every packet and counts protocols, in parallel where the file allows. */
@Command(name = "stats", mixinStandardHelpOptions = true,
        description = {"Decode every header of every packet (Ethernet/VLAN/SLL, IPv4/IPv6 with extensions, TCP with"
                + " options, UDP, ICMP, HTTP heads, TLS ClientHellos) and count what was found.",
            "Plain pcap files are split across --threads; the digest proves every field was read and is the same"
                + " at any thread count."},
        footer = {"", "Example:  unveil stats big.pcap --threads 2 --json", "", ExitCode.HELP})
final class StatsCommand extends OutputCommand {
    @Parameters(arity = "1..*", paramLabel = "FILE", description = "Captures (pcap, pcapng, gzip of either, - for stdin).")
    List<String> files;

    @Option(names = {"-t", "--threads"}, paramLabel = "N",
            description = "Threads per file (default: the number of cores).")
    int threads = Runtime.getRuntime().availableProcessors();

    @Option(names = "--json", description = "Print JSON instead of text.")
    boolean json;

    @picocli.CommandLine.Mixin
    BpfOption bpf;

    StatsCommand(OutputStream stdout, PrintStream stderr) {
        super(stdout, stderr);
    }

    @Override
    public Integer call() throws IOException {
        OptionChecks.threads(spec, threads);
        OutputFiles.Output target = files(files).report(output);
        CaptureRun run = new CaptureRun(stderr, output.quiet, bpf.compile(spec));
        List<Map<String, Object>> reports = new ArrayList<>();
        for (String file : files) {
            // a file at a time, its parts over the threads: each file's problems and note come before the next's
            CaptureResult<ProtocolSummary> read = run.run(List.of(file), threads, part -> new ProtocolSummary());
            if (!read.anythingReadable()) {
                continue;
            }
            ProtocolSummary summary = new ProtocolSummary();
            read.sinks().forEach(summary::merge);
            Map<String, Object> report = new LinkedHashMap<>();
            report.put("file", file);
            report.putAll(summary.counts());
            report.put("digest", String.format("%016x", summary.digest()));
            reports.add(report);
        }
        try (OutputFiles.Sink out = target.open(stdout)) {
            if (json) {
                JsonOutput.write(out, Map.of("files", reports));
            } else {
                StringBuilder text = new StringBuilder();
                for (Map<String, Object> r : reports) {
                    r.forEach((k, v) -> text.append(String.format("%-17s %s%n", k + ":", v)));
                    text.append('\n');
                }
                out.write(text.toString().getBytes(StandardCharsets.UTF_8));
            }
            out.commit();
        }
        return run.exitCode();
    }
}
