package org.unveil.cli;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.unveil.capture.Packet;
import org.unveil.capture.PacketWriter;
import org.unveil.capture.SplitCapture;
import org.unveil.capture.Timestamps;
import org.unveil.capture.flow.IpAddresses;
import org.unveil.capture.pcap.PcapReader;
import org.unveil.stream.capture.CaptureFiles;
import org.unveil.stream.capture.CaptureJobs;
import org.unveil.stream.capture.FilePart;
import org.unveil.stream.capture.QuerySpec;
import org.unveil.trace.MatchedPackets;
import org.unveil.trace.ParallelTracer;
import org.unveil.trace.TraceQuery;
import org.unveil.trace.TracedConnection;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;

/** `unveil trace`: a client's connections behind a proxy or load balancer, found by header, payload or address. */
@Command(name = "trace", mixinStandardHelpOptions = true,
        description = {"Find the connections whose requests name a client (X-Forwarded-For, Forwarded: for=),"
                + " carry a header or payload matching a regex, or come from or go to an address; report their"
                + " 5-tuples and optionally write all their packets to a capture.",
            "Each segment is searched, and the start of each HTTP head is rebuilt across segments."},
        footer = {"", "Examples:",
            "  unveil trace backend.pcap --xff 198.51.100.23 --write client.pcap",
            "  unveil trace front.pcap --header 'User-Agent: curl/8' --json",
            "  unveil trace big.pcap.gz --payload 'session=[0-9a-f]{32}'",
            "  unveil trace --xff 198.51.100.23 --engine flink --threads 4 captures/", "", ExitCode.HELP})
final class TraceCommand extends OutputCommand {

    static final class Query {
        @Option(names = "--xff", paramLabel = "ADDR", description = "Client address in X-Forwarded-For or Forwarded: for=.")
        String xff;

        @Option(names = "--header", paramLabel = "'Name: REGEX'", description = "A header (any case) whose value matches.")
        String header;

        @Option(names = "--payload", paramLabel = "REGEX", description = "A regex anywhere in a payload.")
        String payload;

        @Option(names = "--ip", paramLabel = "ADDR", description = "Packets from or to this address.")
        String ip;
    }

    @Parameters(arity = "1..*", paramLabel = "FILE", description = "Captures (pcap, pcapng, gzip of either);"
            + " with --engine flink also folders (their files, by name).")
    List<String> files;

    @Option(names = "--engine", paramLabel = "local|flink", defaultValue = "local",
            description = "local (default): this process's threads; flink: the same search as a Flink job (in a"
                    + " MiniCluster in this process, --threads task slots: files split into parts, connections"
                    + " merged by 5-tuple), the same output. Not with --write or stdin.")
    String engine;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Query query;

    @Option(names = "--write", paramLabel = "OUT.pcap",
            description = "Write every packet of the matching connections (both directions, original timestamps);"
                    + " - for stdout.")
    String write;

    @Option(names = {"-t", "--threads"}, paramLabel = "N",
            description = "Threads over files and over the parts of each plain pcap file (default: the number of"
                    + " cores); the output is the same at any count.")
    int threads = Runtime.getRuntime().availableProcessors();

    @Option(names = "--json", description = "Print JSON instead of text.")
    boolean json;

    @picocli.CommandLine.Mixin
    BpfOption bpf;

    TraceCommand(OutputStream stdout, PrintStream stderr) {
        super(stdout, stderr);
    }

    private TraceQuery parseQuery() {
        try {
            if (query.xff != null) {
                return TraceQuery.forwardedFor(query.xff);
            }
            if (query.header != null) {
                return TraceQuery.header(query.header);
            }
            if (query.payload != null) {
                return TraceQuery.payload(query.payload);
            }
            return TraceQuery.address(query.ip);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
    }

    @Mixin
    MemoryOption memory;

    @Mixin
    JobStoreOption jobStore;

    @Override
    public Integer call() throws IOException {
        if (engine.equals("flink")) {
            return callFlink();
        }
        if (!engine.equals("local")) {
            throw new ParameterException(spec.commandLine(), "--engine: '" + engine + "' is not local or flink");
        }
        jobStore.store(spec, false, null);
        if (write != null && files.contains("-")) {
            throw new ParameterException(spec.commandLine(), "--write reads the input twice: give files, not stdin");
        }
        OptionChecks.threads(spec, threads);
        TraceQuery traceQuery = parseQuery();
        OutputFiles io = files(files);
        OutputFiles.Output capture = io.output("--write", write);
        OutputFiles.Output report = io.report(output);
        org.unveil.capture.filter.BpfFilter filter = bpf.compile(spec);
        long budget = memory.budget().bytes();
        CaptureRun run = new CaptureRun(stderr, output.quiet, filter);
        try (ParallelTracer.Result result = ParallelTracer.run(files, traceQuery, threads, run.pipeline(), budget)) {
            if (result.headsDropped() > 0) {
                stderr.println("unveil: " + result.headsDropped() + " partial HTTP heads were dropped unsearched to"
                        + " stay within the memory budget (--memory): a header split across their segments may be"
                        + " missed");
            }
            if (capture != null) {
                writeMatches(result, budget, traceQuery, capture, filter);
            }
            writeReport(report, each -> result.forEach((key, c) -> each.connection(c)), result.count());
        }
        return run.exitCode();
    }

    /** Gives each matching connection in the output's order. */
    @FunctionalInterface
    private interface Connections {
        void forEach(Each each) throws IOException;

        @FunctionalInterface
        interface Each {
            void connection(TracedConnection c) throws IOException;
        }
    }

    /** The report, text or JSON, the same bytes from either engine. */
    private void writeReport(OutputFiles.Output report, Connections found, long n) throws IOException {
        try (OutputFiles.Sink out = report.open(stdout)) {
            if (json) {
                JsonOutput.Array array = new JsonOutput.Array(out, "connections");
                found.forEach(c -> array.add(json(c)));
                array.finish();
            } else {
                BufferedWriter text = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), 1 << 16);
                found.forEach(c -> text.write(line(c)));
                text.write(n + (n == 1 ? " connection\n" : " connections\n"));
                text.flush();
            }
            out.commit();
        }
    }

    /**
     * The search as a Flink job in a MiniCluster (stream module, org.unveil.stream.capture.TraceJob): folders expanded to their files,
     * every file's parts traced on --threads slots, the connections merged by 5-tuple as the local engine merges
     * them. Damage is counted by the job's tasks, not located: one line says how much, and the exit code is 1.
     */
    private int callFlink() throws IOException {
        if (write != null) {
            throw new ParameterException(spec.commandLine(), "--write: not with --engine flink (the local engine"
                    + " writes the packets)");
        }
        if (files.contains("-")) {
            throw new ParameterException(spec.commandLine(), "--engine flink reads files, not stdin");
        }
        OptionChecks.threads(spec, threads);
        TraceQuery compiled = parseQuery(); // a bad query is a usage error here, before any task compiles it
        CaptureJobs.Store store = jobStore.store(spec, true, "trace " + compiled.description());
        List<String> inputs = CaptureFiles.expand(files);
        if (inputs.isEmpty()) {
            stderr.println("unveil: " + String.join(" ", files) + ": no files in the folder");
            return ExitCode.NO_INPUT;
        }
        OutputFiles io = files(inputs);
        OutputFiles.Output report = io.report(output);
        org.unveil.capture.filter.BpfFilter filter = bpf.compile(spec);
        ProblemPrinter problems = new ProblemPrinter(stderr);
        CaptureJobs.Options options = new CaptureJobs.Options(threads, SplitCapture.MIN_PART, memory.budget().bytes());
        List<FilePart> parts = CaptureJobs.plan(inputs, options, (file, message) -> problems.fatal(message));
        QuerySpec search = querySpec();
        FlinkRuns.Outcome<CaptureJobs.TraceRun> outcome = FlinkRuns.run(store,
                () -> CaptureJobs.trace(parts, search, filter == null ? null : filter.expression(), options, store),
                stderr);
        if (outcome.result() == null) {
            return outcome.exitCode();
        }
        CaptureJobs.TraceRun run = outcome.result();
        if (run.totals().headsDropped() > 0) {
            stderr.println("unveil: " + run.totals().headsDropped() + " partial HTTP heads were dropped unsearched to"
                    + " stay within the memory budget (--memory): a header split across their segments may be"
                    + " missed");
        }
        long unlocated = FlinkRuns.reportDamage(run.totals(), problems, stderr);
        writeReport(report, each -> {
            for (TracedConnection c : run.connections()) {
                each.connection(c);
            }
        }, run.connections().size());
        int opened = (int) parts.stream().map(FilePart::file).distinct().count();
        return ExitCode.of(opened, problems.reported() + unlocated);
    }

    private QuerySpec querySpec() {
        if (query.xff != null) {
            return new QuerySpec(TraceQuery.Kind.FORWARDED_FOR, query.xff);
        }
        if (query.header != null) {
            return new QuerySpec(TraceQuery.Kind.HEADER, query.header);
        }
        if (query.payload != null) {
            return new QuerySpec(TraceQuery.Kind.PAYLOAD, query.payload);
        }
        return new QuerySpec(TraceQuery.Kind.ADDRESS, query.ip);
    }
    /**
     * More passes, in file order, so the written packets keep the input's order (one per group of connections
     * that fits --memory). When nothing matched, the capture is written all the same, empty, so a pipeline that
     * reads it next finds a valid file.
     */
    private void writeMatches(ParallelTracer.Result result, long budget, TraceQuery query,
            OutputFiles.Output capture, org.unveil.capture.filter.BpfFilter filter) throws IOException {
        String comment = "unveil trace: connections matching " + query.description()
                + (filter == null ? "" : ", packets matching -f '" + filter.expression() + "'");
        try (Writer writer = new Writer(capture, comment)) {
            MatchedPackets.write(result, budget, sink -> {
                CaptureRun again = new CaptureRun(new PrintStream(OutputStream.nullOutputStream()), true, filter);
                for (String file : files) {
                    again.read(file, sink);
                }
            }, writer::write);
            writer.commit();
        }
    }

    /**
     * Writes pcapng when the file's name ends in .pcapng (any link types, the query as the section's comment),
     * else pcap with the link type of the first packet written (Ethernet for a capture of no packets).
     */
    private final class Writer implements AutoCloseable {
        private final OutputFiles.Output target;
        private final String comment;
        private OutputFiles.Sink out;
        private PacketWriter capture;
        private int linkType;

        Writer(OutputFiles.Output target, String comment) {
            this.target = target;
            this.comment = comment;
        }

        void write(Packet packet) throws IOException {
            if (capture == null) {
                open(packet.linkType());
            }
            if (packet.linkType() != linkType && !PacketWriter.isPcapng(target.name())) {
                throw new ParameterException(spec.commandLine(), "--write: the matching packets have link types "
                        + linkType + " and " + packet.linkType() + ", and a pcap file holds only one;"
                        + " a .pcapng file holds both");
            }
            try {
                capture.write(packet);
            } catch (IllegalArgumentException e) { // a time pcap cannot hold
                throw new ParameterException(spec.commandLine(), "--write: " + e.getMessage());
            }
        }

        private void open(int firstLinkType) throws IOException {
            out = target.open(stdout);
            linkType = firstLinkType;
            capture = PacketWriter.open(out, target.name(), firstLinkType, PcapReader.STANDARD_MAX_PACKET, comment);
        }

        void commit() throws IOException {
            if (capture == null) {
                open(org.unveil.capture.LinkType.ETHERNET);
            }
            capture.flush();
            out.commit();
        }

        @Override
        public void close() throws IOException {
            if (out != null) {
                out.close();
            }
        }
    }

    private static Map<String, Object> json(TracedConnection c) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("protocol", c.protocol());
        m.put("client", c.client());
        m.put("clientPort", c.clientPort());
        m.put("server", c.server());
        m.put("serverPort", c.serverPort());
        m.put("firstTime", Timestamps.epoch(c.firstNanos()));
        m.put("lastTime", Timestamps.epoch(c.lastNanos()));
        m.put("packets", c.packets());
        m.put("bytes", c.bytes());
        m.put("matched", c.matchedLine());
        return m;
    }

    private static String line(TracedConnection c) {
        return String.format("%s -> %s proto %d  %s .. %s  %d packets  %d bytes%s%n",
                IpAddresses.withPort(c.client(), c.clientPort()), IpAddresses.withPort(c.server(), c.serverPort()),
                c.protocol(), Timestamps.epoch(c.firstNanos()), Timestamps.epoch(c.lastNanos()), c.packets(),
                c.bytes(), c.matchedLine() == null ? "" : "  | " + c.matchedLine());
    }
}
