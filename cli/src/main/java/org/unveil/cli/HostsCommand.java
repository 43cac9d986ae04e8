package org.unveil.cli;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.unveil.capture.decode.PacketLayers;
import org.unveil.hosts.AddressHosts;
import org.unveil.hosts.EvidenceCollector;
import org.unveil.hosts.FlowEvidence;
import org.unveil.hosts.HostInference;
import org.unveil.hosts.MemoryBudget;
import org.unveil.hosts.HostProfile;
import org.unveil.hosts.HostsJson;
import org.unveil.hosts.truth.AttributionScore;
import org.unveil.plot.hosts.HostsReport;
import org.unveil.plot.hosts.PacketPoints;
import org.unveil.hosts.truth.TruthMatcher;
import org.unveil.synth.label.LabelCsv;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;

/** `unveil hosts`: how many hosts hide behind each address, who they are, and which sent each flow. */
@Command(name = "hosts", mixinStandardHelpOptions = true,
        description = {"Count the hosts behind each address that opens flows (a NAT gateway's public address, say),"
                + " profile them (OS, User-Agents, TLS fingerprints, TCP clock rate and skew) and attribute every"
                + " flow to one of them with a confidence.",
            "Evidence: TCP timestamp clock lines, IPID and source-port sequences, SYN signatures and TTLs,"
                + " User-Agents, TLS fingerprints, cookies; see hosts/README.md for how they are combined."},
        footer = {"", "Examples:",
            "  unveil hosts public.pcap",
            "  unveil hosts public.pcap --json --flows-csv flows.csv",
            "  unveil hosts public.pcap --truth labels.csv --address 203.0.113.1", "", ExitCode.HELP})
final class HostsCommand extends OutputCommand {
    @Parameters(arity = "1..*", paramLabel = "FILE", description = "Captures (pcap, pcapng, gzip of either).")
    List<String> files;

    @Option(names = "--json", description = "Print JSON instead of text.")
    boolean json;

    @Option(names = "--flows-csv", paramLabel = "F",
            description = "Write one row per flow: first_time,proto,src,sport,dst,dport,host,confidence; - for stdout.")
    String flowsCsv;

    @Option(names = "--truth", paramLabel = "LABELS.csv",
            description = "Compare with labels (testbed or synth): true vs estimated count, adjusted Rand index, purity.")
    Path truth;

    @Option(names = "--address", paramLabel = "A", description = "Only this address.")
    String address;

    @Option(names = "--html", paramLabel = "REPORT.html",
            description = "Also write one self-contained page: hosts, IPID and TSval plots by host, flows;"
                    + " - for stdout.")
    String html;

    @picocli.CommandLine.Mixin
    BpfOption bpf;

    @Mixin
    MemoryOption memory;

    HostsCommand(OutputStream stdout, PrintStream stderr) {
        super(stdout, stderr);
    }

    @Override
    public Integer call() throws IOException {
        OutputFiles io = files(files).input("--truth", truth == null ? null : truth.toString());
        OutputFiles.Output flowRows = io.output("--flows-csv", flowsCsv);
        OutputFiles.Output page = io.output("--html", html);
        OutputFiles.Output report = io.report(output);
        TruthMatcher matcher = null;
        if (truth != null) {
            try {
                matcher = new TruthMatcher(LabelCsv.readNat(truth));
            } catch (IOException e) {
                stderr.println("unveil hosts: " + e.getMessage());
                return ExitCode.NO_INPUT;
            }
        }
        if (address != null) {
            if (!org.unveil.capture.flow.IpAddresses.isLiteral(address)) {
                throw new ParameterException(spec.commandLine(), "--address: '" + address
                        + "' is not an IPv4 address (four parts, 0 to 255) or an IPv6 address");
            }
        }
        MemoryBudget budget = memory.budget();
        EvidenceCollector collector = new EvidenceCollector();
        PacketPoints points = PacketPoints.perAddress(collector, PacketPoints.DEFAULT_CAP, PacketPoints.DEFAULT_BUDGET);
        CaptureRun run = new CaptureRun(stderr, output.quiet, bpf.compile(spec));
        for (String file : files) {
            run.read(file, html == null ? collector::add : points::add, reader -> { });
        }
        List<AddressHosts> results = HostInference.infer(collector.flows(), address, budget);
        results.forEach(a -> a.approximations().forEach(line -> stderr.println("unveil hosts: " + line)));
        TruthMatcher labels = matcher;
        if (labels != null) {
            results = results.stream().filter(a -> labels.covers(a.address())).toList();
        }
        if (flowRows != null) {
            writeFlows(results, flowRows);
        }
        if (page != null) {
            // the captures by name: a folder path (a temporary one, say) tells the reader of the page nothing
            String title = "unveil hosts " + String.join(" ", files.stream()
                    .map(f -> f.equals("-") ? "stdin" : String.valueOf(Path.of(f).getFileName())).toList());
            page.write(stdout, HostsReport.html(title, results, points)
                    .getBytes(StandardCharsets.UTF_8));
        }
        try (OutputFiles.Sink out = report.open(stdout)) {
            if (json) {
                JsonOutput.write(out, Map.of("addresses",
                        results.stream().map(a -> HostsJson.address(a, score(a, labels), tcpScore(a, labels))).toList()));
            } else {
                out.write(text(results, matcher).getBytes(StandardCharsets.UTF_8));
            }
            out.commit();
        }
        return run.exitCode();
    }

    private static AttributionScore score(AddressHosts a, TruthMatcher matcher) {
        return matcher == null ? null : matcher.score(a, protocol -> true);
    }

    /** Only TCP flows: UDP and ICMP carry no SYN, clock or User-Agent, so they can be all but anonymous. */
    private static AttributionScore tcpScore(AddressHosts a, TruthMatcher matcher) {
        return matcher == null ? null : matcher.score(a, protocol -> protocol == PacketLayers.PROTO_TCP);
    }

    private void writeFlows(List<AddressHosts> results, OutputFiles.Output target) throws IOException {
        try (OutputFiles.Sink sink = target.open(stdout);
                Writer w = new java.io.OutputStreamWriter(sink, StandardCharsets.UTF_8)) {
            w.write("first_time,proto,src,sport,dst,dport,host,confidence\n");
            for (AddressHosts a : results) {
                for (int i = 0; i < a.flows().size(); i++) {
                    FlowEvidence f = a.flows().get(i);
                    w.write(LabelCsv.time(Math.floorDiv(f.firstNanos(), 1000)) + "," + LabelCsv.protoName(f.protocol())
                            + "," + f.client() + "," + f.clientPort() + "," + f.server() + "," + f.serverPort() + ","
                            + a.hosts().get(a.hostOf()[i]).id() + ","
                            + String.format(Locale.ROOT, "%.3f", a.confidence()[i]) + "\n");
                }
            }
            w.flush();
            sink.commit();
        }
    }


    private String text(List<AddressHosts> results, TruthMatcher matcher) {
        StringBuilder out = new StringBuilder();
        for (AddressHosts a : results) {
            out.append(String.format(Locale.ROOT, "%s: %d host%s (%d..%d), %d flows%n", a.address(), a.hostCount(),
                    a.hostCount() == 1 ? "" : "s", a.hostCountLow(), a.hostCountHigh(), a.flows().size()));
            AttributionScore score = score(a, matcher);
            if (score != null) {
                out.append(String.format(Locale.ROOT, "  truth: %d hosts; adjusted Rand index %.3f, purity %.3f over %d"
                        + " labelled flows%n", score.trueHosts(), score.adjustedRandIndex(), score.purity(),
                        score.count()));
                AttributionScore tcp = tcpScore(a, matcher);
                if (tcp.count() > 0 && tcp.count() < score.count()) {
                    out.append(String.format(Locale.ROOT, "  truth, TCP flows only: adjusted Rand index %.3f,"
                            + " purity %.3f over %d%n", tcp.adjustedRandIndex(), tcp.purity(), tcp.count()));
                }
            }
            for (HostProfile h : a.hosts()) {
                out.append(String.format(Locale.ROOT, "  %-22s %-10s ttl %-3d %5d flows %8d packets  clock %s skew %s%s%n",
                        h.id(), h.os(), h.initialTtl(), h.flows(), h.packets(),
                        h.clockHz() == null ? "-" : String.format(Locale.ROOT, "%.0f Hz", h.clockHz()),
                        h.skewPpm() == null ? "-" : String.format(Locale.ROOT, "%+.1f ppm", h.skewPpm()),
                        h.userAgents().isEmpty() ? "" : "  " + String.join(" | ", h.userAgents())));
            }
        }
        if (results.isEmpty()) {
            out.append("no address opened any flow\n");
        }
        return out.toString();
    }
}
