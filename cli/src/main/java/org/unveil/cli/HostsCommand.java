package org.unveil.cli;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.unveil.capture.decode.PacketLayers;
import org.unveil.capture.filter.BpfFilter;
import org.unveil.capture.flow.IpAddresses;
import org.unveil.hosts.AddressHosts;
import org.unveil.hosts.FlowEvidence;
import org.unveil.hosts.HostPasses;
import org.unveil.hosts.MemoryBudget;
import org.unveil.hosts.HostProfile;
import org.unveil.hosts.HostsJson;
import org.unveil.hosts.truth.AttributionScore;
import org.unveil.plot.hosts.HostsReport;
import org.unveil.plot.hosts.PacketPoints;
import org.unveil.hosts.truth.TruthMatcher;
import org.unveil.labels.LabelCsv;
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
                stderr.println("unveil: " + e.getMessage());
                return ExitCode.NO_INPUT;
            }
        }
        String only = null;
        if (address != null) {
            only = IpAddresses.canonical(address);
            if (only == null) {
                throw new ParameterException(spec.commandLine(), "--address: '" + address
                        + "' is not an IPv4 address (four parts, 0 to 255) or an IPv6 address");
            }
        }
        MemoryBudget budget = memory.budget();
        CapturePasses captures = new CapturePasses(files, stderr, output.quiet, bpf.compile(spec));
        HostPasses.Summary summary;
        try (Outputs out = new Outputs(flowRows, page, report, matcher)) {
            summary = HostPasses.run(captures, only, budget,
                    collector -> page == null ? (HostPasses.Sink) collector::add
                            : PacketPoints.perAddress(collector, PacketPoints.DEFAULT_CAP, PacketPoints.DEFAULT_BUDGET),
                    out::add);
            out.finish();
        }
        captures.tell(summary, budget);
        return captures.exitCode();
    }

    /** The outputs asked for, each written as the passes hand on their addresses. */
    private final class Outputs implements AutoCloseable {
        private final TruthMatcher matcher;
        private final OutputFiles.Sink flowSink;
        private final Writer flowWriter;
        private final OutputFiles.Sink pageSink;
        private final Writer pageWriter;
        private final HostsReport.Page htmlPage;
        private final OutputFiles.Sink reportSink;
        private final JsonOutput.Array jsonArray;
        private final Writer text;
        private long addresses;

        Outputs(OutputFiles.Output flows, OutputFiles.Output page, OutputFiles.Output report, TruthMatcher matcher)
                throws IOException {
            this.matcher = matcher;
            flowSink = flows == null ? null : flows.open(stdout);
            flowWriter = flowSink == null ? null : new BufferedWriter(new OutputStreamWriter(flowSink,
                    StandardCharsets.UTF_8));
            if (flowWriter != null) {
                flowWriter.write("first_time,proto,src,sport,dst,dport,host,confidence\n");
            }
            pageSink = page == null ? null : page.open(stdout);
            pageWriter = pageSink == null ? null : new BufferedWriter(new OutputStreamWriter(pageSink,
                    StandardCharsets.UTF_8));
            this.htmlPage = pageWriter == null ? null : new HostsReport.Page(pageWriter, title());
            reportSink = report.open(stdout);
            jsonArray = json ? new JsonOutput.Array(reportSink, "addresses") : null;
            text = json ? null : new BufferedWriter(new OutputStreamWriter(reportSink, StandardCharsets.UTF_8));
        }

        /** The captures by name: a folder path (a temporary one, say) tells the reader of the page nothing. */
        private String title() {
            return "unveil hosts " + String.join(" ", files.stream()
                    .map(f -> f.equals("-") ? "stdin" : String.valueOf(Path.of(f).getFileName())).toList());
        }

        void add(List<AddressHosts> results, HostPasses.Sink sink) throws IOException {
            results.forEach(a -> a.approximations().forEach(line -> stderr.println("unveil: " + line)));
            if (matcher != null) {
                results = results.stream().filter(a -> matcher.covers(a.address())).toList();
            }
            addresses += results.size();
            for (AddressHosts a : results) {
                if (flowWriter != null) {
                    writeFlows(a, flowWriter);
                }
                if (jsonArray != null) {
                    jsonArray.add(HostsJson.address(a, score(a, matcher), tcpScore(a, matcher)));
                } else {
                    writeText(a, matcher, text);
                }
            }
            if (htmlPage != null) {
                htmlPage.add(results, (PacketPoints) sink); // the sink of every pass when a page is asked for
            }
        }

        /** Completes every output and puts it in place: the flows, the page, then the report. */
        void finish() throws IOException {
            if (flowWriter != null) {
                flowWriter.flush();
                flowSink.commit();
            }
            if (htmlPage != null) {
                htmlPage.finish();
                pageWriter.flush();
                pageSink.commit();
            }
            if (jsonArray != null) {
                jsonArray.finish();
            } else {
                if (addresses == 0) {
                    text.write("no address opened any flow\n");
                }
                text.flush();
            }
            reportSink.commit();
        }

        /** Without {@link #finish}, nothing half written is put in place. */
        @Override
        public void close() throws IOException {
            try (reportSink; pageSink; flowSink) {
                // closing the sinks is enough
            }
        }
    }

    private static AttributionScore score(AddressHosts a, TruthMatcher matcher) {
        return matcher == null ? null : matcher.score(a, protocol -> true);
    }

    /** Only TCP flows: UDP and ICMP carry no SYN, clock or User-Agent, so they can be all but anonymous. */
    private static AttributionScore tcpScore(AddressHosts a, TruthMatcher matcher) {
        return matcher == null ? null : matcher.score(a, protocol -> protocol == PacketLayers.PROTO_TCP);
    }

    private static void writeFlows(AddressHosts a, Writer w) throws IOException {
        for (int i = 0; i < a.flows().size(); i++) {
            FlowEvidence f = a.flows().get(i);
            w.write(LabelCsv.time(Math.floorDiv(f.firstNanos(), 1000)) + "," + LabelCsv.protoName(f.protocol())
                    + "," + f.client() + "," + f.clientPort() + "," + f.server() + "," + f.serverPort() + ","
                    + (a.hostId(i) == null ? "" : a.hostId(i)) + ","
                    + String.format(Locale.ROOT, "%.3f", a.confidence(i)) + "\n");
        }
    }

    private static void writeText(AddressHosts a, TruthMatcher matcher, Writer out) throws IOException {
        out.write(String.format(Locale.ROOT, "%s: %d host%s (%d..%d), %d flows%n", a.address(), a.hostCount(),
                a.hostCount() == 1 ? "" : "s", a.hostCountLow(), a.hostCountHigh(), a.flows().size()));
        AttributionScore score = score(a, matcher);
        if (score != null) {
            out.write(String.format(Locale.ROOT, "  truth: %d hosts; adjusted Rand index %.3f, purity %.3f over %d"
                    + " labelled flows%n", score.trueHosts(), score.adjustedRandIndex(), score.purity(),
                    score.count()));
            AttributionScore tcp = tcpScore(a, matcher);
            if (tcp.count() > 0 && tcp.count() < score.count()) {
                out.write(String.format(Locale.ROOT, "  truth, TCP flows only: adjusted Rand index %.3f,"
                        + " purity %.3f over %d%n", tcp.adjustedRandIndex(), tcp.purity(), tcp.count()));
            }
        }
        for (HostProfile h : a.hosts()) {
            out.write(String.format(Locale.ROOT, "  %-22s %-10s ttl %-3d %5d flows %8d packets  clock %s skew %s%s%n",
                    h.id(), h.os(), h.initialTtl(), h.flows(), h.packets(),
                    h.clockHz() == null ? "-" : String.format(Locale.ROOT, "%.0f Hz", h.clockHz()),
                    h.skewPpm() == null ? "-" : String.format(Locale.ROOT, "%+.1f ppm", h.skewPpm()),
                    h.userAgents().isEmpty() ? "" : "  " + String.join(" | ", h.userAgents())));
        }
    }
}
