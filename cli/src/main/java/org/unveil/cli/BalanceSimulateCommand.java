package org.unveil.cli;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.unveil.glob.GlobConfig;
import org.unveil.balance.schedulers.Schedulers;
import org.unveil.balance.sim.MembershipChange;
import org.unveil.balance.sim.ResultColumns;
import org.unveil.balance.sim.RunResult;
import org.unveil.balance.sim.Sweep;
import org.unveil.balance.traffic.CaptureTraffic;
import org.unveil.balance.traffic.FlowCsv;
import org.unveil.balance.traffic.FlowExpander;
import org.unveil.balance.traffic.FlowRecord;
import org.unveil.balance.traffic.SyntheticTraffic;
import org.unveil.balance.traffic.TraceModel;
import org.unveil.capture.Captures;
import org.unveil.capture.ProblemListener;
import org.unveil.plot.BalanceReport;
import org.unveil.plot.ChartFiles;
import org.unveil.plot.RelativeLoadChart;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/** `unveil balance simulate`: every scheduler at every cluster size over one trace, as the thesis's Table 12. */
@Command(name = "simulate", mixinStandardHelpOptions = true,
        description = "Simulate gateway-cluster schedulers on a trace and print the thesis's Table 12 measures.",
        footer = {"", "Examples:",
            "  unveil balance simulate --synthetic 1 --nodes 3,4,6,8,12,16 --schedulers srr,balance,lc,glob",
            "  unveil balance simulate --trace capture.pcap --nodes 4 --schedulers maglev,rendezvous --fail 2@60",
            "  unveil balance simulate --flows flows.csv --nodes 8 --schedulers all --json", "", "Schedulers: %s", "",
            ExitCode.HELP})
final class BalanceSimulateCommand extends OutputCommand {

    static final class Input {
        @Option(names = "--trace", paramLabel = "FILE", description = "A capture (pcap/pcapng, gzip) as packet stream.")
        String trace;

        @Option(names = "--flows", paramLabel = "FILE",
                description = "A flow log CSV: start,duration,proto,src,sport,dst,dport,packets,bytes.")
        Path flows;

        @Option(names = "--synthetic", paramLabel = "SEED",
                description = "A generated university-like trace (thesis section 12.2.1) from this seed.")
        Long synthetic;
    }

    @ArgGroup(exclusive = true, multiplicity = "1")
    Input input;

    @Option(names = "--nodes", split = ",", paramLabel = "N", defaultValue = "3,4,6,8,12,16",
            description = "Cluster sizes (default: ${DEFAULT-VALUE}).")
    List<Integer> nodes;

    @Option(names = "--schedulers", split = ",", paramLabel = "NAME", defaultValue = "srr,balance,lc,glob",
            description = "Schedulers, or 'all' (default: ${DEFAULT-VALUE}); see the list below.")
    List<String> schedulers;

    @Option(names = "--fail", paramLabel = "NODE@SECONDS", description = "Crash a node (repeatable).")
    List<String> failures = new ArrayList<>();

    @Option(names = "--join", paramLabel = "NODE@SECONDS", description = "Add or restore a node (repeatable).")
    List<String> joins = new ArrayList<>();

    @Option(names = "--seconds", defaultValue = "900", description = "Length of a synthetic trace (default: ${DEFAULT-VALUE}).")
    double seconds;

    @Option(names = "--synthetic-model", defaultValue = "calibrated", paramLabel = "calibrated|original",
            description = "Synthetic trace: the model fitted to the thesis's Table 12, or the lab's first,"
                    + " twice as bursty (default: ${DEFAULT-VALUE}).")
    String syntheticModel;

    @Option(names = "--syn-flood", description = "Synthetic trace: add a minute of SYN flood.")
    boolean synFlood;

    @Option(names = "--elephant", description = "Synthetic trace: add one elephant flow.")
    boolean elephant;

    @Option(names = "--fragments", description = "Synthetic trace: add fragments without ports.")
    boolean fragments;

    @Option(names = "--seed", defaultValue = "1", description = "Seed for randomised schedulers (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--glob-poll", defaultValue = "6", paramLabel = "SECONDS",
            description = "GLOB poll interval (default: ${DEFAULT-VALUE}, the thesis's).")
    double globPoll;

    @Option(names = "--glob-threshold", defaultValue = "1.1",
            description = "GLOB overload threshold over the mean share (default: ${DEFAULT-VALUE}).")
    double globThreshold;

    @Option(names = "--glob-history", defaultValue = "0.3333333333333333",
            description = "GLOB history factor of the load average (default: 1/3).")
    double globHistory;

    @Option(names = "--glob-margin", defaultValue = "0.05",
            description = "GLOB backup re-balancing margin, share of total load (default: ${DEFAULT-VALUE}).")
    double globMargin;

    @Option(names = "--glob-delay", defaultValue = "0", paramLabel = "SECONDS",
            description = "Delay of GLOB's state broadcasts (default: ${DEFAULT-VALUE}).")
    double globDelay;

    @Option(names = "--glob-loss", defaultValue = "0",
            description = "Probability that a GLOB control message is lost (default: ${DEFAULT-VALUE}).")
    double globLoss;

    @Option(names = "--json", description = "Print JSON instead of the table.")
    boolean json;

    @Option(names = "--csv", paramLabel = "FILE", description = "Also write one CSV row per run; - for stdout.")
    String csv;

    @Option(names = "--html", paramLabel = "FILE",
            description = "Also write a self-contained HTML report with the charts; - for stdout.")
    String html;

    @Option(names = "--plots", paramLabel = "DIR",
            description = "Also write a relative-load chart per run into DIR (as the thesis's Figures 26-30).")
    Path plots;

    @Option(names = "--plot-format", defaultValue = "png", paramLabel = "png|svg",
            description = "Chart format for --plots (default: ${DEFAULT-VALUE}).")
    String plotFormat;

    /** A synthetic trace is held in memory: about a month of it is the most that makes sense. */
    static final double MAX_SECONDS = 3e6;

    /**
     * The largest cluster simulated. GLOB's rules split the port space ever finer as nodes grow, and its cost
     * grows faster than the nodes (900 s university trace, this machine: 256 nodes 2.6 s / 180 MB, 512 nodes
     * 10 s / 270 MB, 768 nodes 25 s / 1.5 GB, 1024 nodes 81 s / 5.4 GB); the thesis's clusters have 3 to 16.
     */
    static final int MAX_NODES = 512;

    private ProblemPrinter problems;
    /** How many runs have read the capture: the first tells its damage and what it left out, the others not. */
    private int reads;
    /** Whether a run could not open the capture (stdin that is not one): said already, exit 3. */
    private boolean unopened;

    BalanceSimulateCommand(OutputStream stdout, PrintStream stderr) {
        super(stdout, stderr);
    }

    @Override
    public Integer call() throws IOException {
        OptionChecks.noEmptyItems(spec, "--nodes", "--schedulers");
        List<String> names = schedulers.size() == 1 && schedulers.getFirst().equals("all") ? Schedulers.names()
                : schedulers;
        if (names.isEmpty() || nodes.isEmpty()) {
            throw new ParameterException(spec.commandLine(), "--nodes and --schedulers need at least one value");
        }

        if (!(seconds > 0 && seconds <= MAX_SECONDS)) {
            throw new ParameterException(spec.commandLine(), "--seconds must be above 0 and at most " + MAX_SECONDS);
        }
        for (String name : names) {
            if (!Schedulers.names().contains(name)) {
                throw new ParameterException(spec.commandLine(), "unknown scheduler '" + name + "'; known: "
                        + String.join(",", Schedulers.names()));
            }
        }
        List<MembershipChange> changes = new ArrayList<>();
        try {
            failures.forEach(f -> changes.add(MembershipChange.parse(f, false)));
            joins.forEach(j -> changes.add(MembershipChange.parse(j, true)));
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        if (!syntheticModel.equals(TraceModel.CALIBRATED.name()) && !syntheticModel.equals(TraceModel.ORIGINAL.name())) {
            throw new ParameterException(spec.commandLine(), "--synthetic-model must be calibrated or original, not "
                    + syntheticModel);
        }
        if (!plotFormat.equals("png") && !plotFormat.equals("svg")) {
            throw new ParameterException(spec.commandLine(), "--plot-format must be png or svg, not " + plotFormat);
        }
        for (int n : nodes) {
            if (n < 1 || n > MAX_NODES) {
                throw new ParameterException(spec.commandLine(), "--nodes: " + n + " is not between 1 and " + MAX_NODES);
            }
        }
        OutputFiles io = new OutputFiles(spec.commandLine()).input("--trace", input.trace)
                .input("--flows", input.flows == null ? null : input.flows.toString());
        OutputFiles.Output csvFile = io.output("--csv", csv);
        OutputFiles.Output page = io.output("--html", html);
        Path charts = io.folder("--plots", plots);
        // every chart claimed now, like the other outputs, before anything is simulated or written
        Map<String, OutputFiles.Output> chartFiles = new java.util.HashMap<>();
        if (charts != null) {
            Files.createDirectories(charts); // its files are checked like any output, so it must be there
            for (int n : nodes) {
                for (String name : names) {
                    String file = chartName(name, n);
                    chartFiles.put(file, io.output("--plots", charts.resolve(file).toString()));
                }
            }
        }
        OutputFiles.Output report = io.report(output);
        GlobConfig glob;
        try {
            glob = new GlobConfig((long) (globPoll * 1e9), globThreshold, globHistory, globMargin,
                    (long) (globDelay * 1e9), globLoss);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), "GLOB settings: " + e.getMessage());
        }
        problems = new ProblemPrinter(stderr);
        if (OutputFiles.STANDARD.equals(input.trace) && nodes.size() * names.size() > 1) {
            throw new ParameterException(spec.commandLine(), "--trace -: stdin can be read only once, and "
                    + nodes.size() * names.size() + " runs each read the capture; give a file");
        }
        if (input.trace != null && !OutputFiles.STANDARD.equals(input.trace) && !traceReadable()) {
            return ExitCode.NO_INPUT;
        }
        List<FlowRecord> flows = flowsOrNull();
        List<RunResult> results;
        try {
            results = Sweep.run(names, nodes, traces(flows), changes, glob, seed);
        } catch (IllegalArgumentException impossibleChurn) {
            throw new ParameterException(spec.commandLine(), impossibleChurn.getMessage());
        } catch (IOException noPackets) {
            if (unopened) {
                return ExitCode.NO_INPUT;
            }
            if (input.trace != null) {
                throw new IOException(input.trace + ": no IPv4 packet to simulate with"
                        + " (the simulator models IPv4 clusters)");
            }
            throw noPackets;
        }
        try (OutputFiles.Sink out = report.open(stdout)) {
            if (json) {
                JsonOutput.write(out, Map.of("results", results.stream().map(ResultColumns::json).toList()));
            } else {
                out.write(ResultColumns.table(results).getBytes(StandardCharsets.UTF_8));
            }
            out.commit();
        }
        if (csvFile != null) {
            csvFile.write(stdout, ResultColumns.csv(results).getBytes(StandardCharsets.UTF_8));
        }
        if (page != null) {
            page.write(stdout, BalanceReport.html("Unveil load-balancing lab: " + describeInput(), results)
                    .getBytes(StandardCharsets.UTF_8));
        }
        if (charts != null) {
            Files.createDirectories(charts);
            for (RunResult r : results) {
                String file = chartName(r.scheduler(), r.nodes());
                chartFiles.get(file).write(stdout, ChartFiles.encode(RelativeLoadChart.of(r), Path.of(file)));
            }
        }
        problems.summarise();
        return ExitCode.of(1, problems.reported());
    }

    private String chartName(String scheduler, int nodes) {
        return scheduler + "-" + nodes + "nodes." + plotFormat;
    }

    /** Opens the capture once before the runs, so that one that cannot be read says why (exit 3). */
    private boolean traceReadable() throws IOException {
        try (var reader = Captures.open(input.trace, ProblemListener.IGNORE)) {
            return true;
        } catch (org.unveil.capture.CaptureException e) {
            problems.fatal(e.getMessage());
            return false;
        }
    }

    private String describeInput() {
        if (input.trace != null) {
            return input.trace;
        }
        return input.flows != null ? input.flows.toString() : "synthetic trace, seed " + input.synthetic;
    }

    private List<FlowRecord> flowsOrNull() throws IOException {
        if (input.flows != null) {
            return FlowCsv.read(input.flows);
        }
        if (input.synthetic != null) {
            TraceModel model = syntheticModel.equals(TraceModel.ORIGINAL.name()) ? TraceModel.ORIGINAL
                    : TraceModel.CALIBRATED;
            return new SyntheticTraffic(input.synthetic, new SyntheticTraffic.Options(seconds, model.flowsPerSecond(),
                    synFlood, elephant, fragments), model).flows();
        }
        return null;
    }

    private Sweep.Traces traces(List<FlowRecord> flows) {
        if (flows != null) {
            return Sweep.Traces.of(() -> new FlowExpander(flows.iterator()));
        }
        // the capture is read once per run; its damage and decode note are told on the first read only
        return into -> {
            CaptureRun run = reads++ == 0 ? CaptureRun.telling(problems, stderr, output.quiet)
                    : CaptureRun.again(stderr, output.quiet, null, "run " + reads);
            unopened |= !run.read(input.trace, new CaptureTraffic(into)).opened();
        };
    }
}
