package org.unveil.cli;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.unveil.capture.decode.PacketLayers;
import org.unveil.capture.filter.BpfFilter;
import org.unveil.capture.flow.IpAddresses;
import org.unveil.hosts.AddressHosts;
import org.unveil.hosts.HostPasses;
import org.unveil.hosts.HostsJson;
import org.unveil.hosts.HostsText;
import org.unveil.hosts.MemoryBudget;
import org.unveil.hosts.truth.AttributionScore;
import org.unveil.hosts.truth.TruthMatcher;
import org.unveil.labels.LabelCsv;
import org.unveil.plot.hosts.HostsReport;
import org.unveil.plot.hosts.PacketPoints;
import org.unveil.stream.capture.AddressKey;
import org.unveil.stream.capture.AddressReport;
import org.unveil.stream.capture.CaptureFiles;
import org.unveil.stream.capture.CaptureJobs;
import org.unveil.stream.capture.FilePart;
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
            "  unveil hosts public.pcap --truth labels.csv --address 203.0.113.1",
            "  unveil hosts --engine flink --threads 4 --json captures/", "", ExitCode.HELP})
final class HostsCommand extends OutputCommand {
    @Parameters(arity = "1..*", paramLabel = "FILE", description = "Captures (pcap, pcapng, gzip of either);"
            + " with --engine flink also folders (their files, by name).")
    List<String> files;

    @Option(names = "--engine", paramLabel = "local|flink", defaultValue = "local",
            description = "local (default): this process; flink: the same inference as a Flink job (in a MiniCluster"
                    + " in this process, --threads task slots: files split into parts, packets gathered by address),"
                    + " the same output. Not with --html, --truth or stdin.")
    String engine;

    @Option(names = {"-t", "--threads"}, paramLabel = "N",
            description = "With --engine flink: task slots, and parts a file is split into (default: the cores).")
    int threads = Runtime.getRuntime().availableProcessors();

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

    @Mixin
    JobStoreOption jobStore;

    HostsCommand(OutputStream stdout, PrintStream stderr) {
        super(stdout, stderr);
    }

    @Override
    public Integer call() throws IOException {
        if (engine.equals("flink")) {
            return callFlink();
        }
        if (!engine.equals("local")) {
            throw new ParameterException(spec.commandLine(), "--engine: '" + engine + "' is not local or flink");
        }
        jobStore.store(spec, false, null);
        if (spec.commandLine().getParseResult().hasMatchedOption("--threads")) {
            throw new ParameterException(spec.commandLine(), "--threads: only with --engine flink (hosts reads its"
                    + " captures on one thread)");
        }
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

    /**
     * The inference as a Flink job in a MiniCluster (stream module, org.unveil.stream.capture.HostsJob): folders
     * expanded to their files, every file's parts read on --threads slots, each address's packets gathered and
     * inferred as this process infers them, the reports written in address order as the local engine writes them.
     * Damage is counted by the job's tasks, not located: one line says how much, and the exit code is 1.
     */
    private int callFlink() throws IOException {
        if (html != null || truth != null) {
            throw new ParameterException(spec.commandLine(), (html != null ? "--html" : "--truth")
                    + ": not with --engine flink (the local engine writes it)");
        }
        if (files.contains("-")) {
            throw new ParameterException(spec.commandLine(), "--engine flink reads files, not stdin");
        }
        OptionChecks.threads(spec, threads);
        CaptureJobs.Store store = jobStore.store(spec, true, address == null ? "hosts" : "hosts " + address);
        AddressKey only = null;
        if (address != null) {
            String canonical = IpAddresses.canonical(address);
            if (canonical == null) {
                throw new ParameterException(spec.commandLine(), "--address: '" + address
                        + "' is not an IPv4 address (four parts, 0 to 255) or an IPv6 address");
            }
            only = addressKey(canonical);
        }
        List<String> inputs = CaptureFiles.expand(files);
        if (inputs.isEmpty()) {
            stderr.println("unveil: " + String.join(" ", files) + ": no files in the folder");
            return ExitCode.NO_INPUT;
        }
        OutputFiles io = files(inputs);
        OutputFiles.Output flowRows = io.output("--flows-csv", flowsCsv);
        OutputFiles.Output report = io.report(output);
        org.unveil.capture.filter.BpfFilter filter = bpf.compile(spec);
        ProblemPrinter problems = new ProblemPrinter(stderr);
        CaptureJobs.Options options = new CaptureJobs.Options(threads, org.unveil.capture.SplitCapture.MIN_PART,
                memory.budget().bytes());
        List<FilePart> parts = CaptureJobs.plan(inputs, options, (file, message) -> problems.fatal(message));
        AddressKey key = only;
        FlinkRuns.Outcome<CaptureJobs.HostsRun> outcome = FlinkRuns.run(store,
                () -> CaptureJobs.hosts(parts, filter == null ? null : filter.expression(), key, options, store),
                stderr);
        if (outcome.result() == null) {
            return outcome.exitCode();
        }
        CaptureJobs.HostsRun run = outcome.result();
        long unlocated = FlinkRuns.reportDamage(run.totals(), problems, stderr);
        for (AddressReport a : run.addresses()) {
            for (String line : a.approximations()) {
                stderr.println("unveil: " + line);
            }
        }
        try (OutputFiles.Sink flowSink = flowRows == null ? null : flowRows.open(stdout);
                OutputFiles.Sink reportSink = report.open(stdout)) {
            if (flowSink != null) {
                Writer w = new BufferedWriter(new OutputStreamWriter(flowSink, StandardCharsets.UTF_8));
                w.write(HostsText.FLOWS_HEADER);
                for (AddressReport a : run.addresses()) {
                    w.write(a.flows());
                }
                w.flush();
                flowSink.commit();
            }
            if (json) {
                JsonOutput.Array array = new JsonOutput.Array(reportSink, "addresses");
                for (AddressReport a : run.addresses()) {
                    // the item as the task rendered it, indented here as the report's items are
                    array.add(JSON.readTree(a.json()));
                }
                array.finish();
            } else {
                Writer text = new BufferedWriter(new OutputStreamWriter(reportSink, StandardCharsets.UTF_8));
                for (AddressReport a : run.addresses()) {
                    text.write(a.text());
                }
                if (run.addresses().isEmpty()) {
                    text.write("no address opened any flow\n");
                }
                text.flush();
            }
            reportSink.commit();
        }
        int opened = (int) parts.stream().map(FilePart::file).distinct().count();
        return ExitCode.of(opened, problems.reported() + unlocated);
    }

    private static final com.fasterxml.jackson.databind.ObjectMapper JSON =
            new com.fasterxml.jackson.databind.ObjectMapper();

    /** The job's key of an address in Unveil's form: its IPv6 (or IPv4-mapped) halves, as flows key it. */
    private static AddressKey addressKey(String canonical) {
        long[] a = IpAddresses.parse(canonical);
        return new AddressKey(a[0], a[1]);
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
                flowWriter.write(HostsText.FLOWS_HEADER);
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
        HostsText.flows(a, w);
    }

    private static void writeText(AddressHosts a, TruthMatcher matcher, Writer out) throws IOException {
        HostsText.text(a, score(a, matcher), tcpScore(a, matcher), out);
    }
}
