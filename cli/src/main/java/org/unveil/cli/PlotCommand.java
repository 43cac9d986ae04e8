package org.unveil.cli;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.knowm.xchart.XYChart;
import org.unveil.hosts.AddressHosts;
import org.unveil.hosts.HostPasses;
import org.unveil.capture.flow.IpAddresses;
import org.unveil.hosts.MemoryBudget;
import org.unveil.plot.ChartFiles;
import org.unveil.plot.hosts.ColorBy;
import org.unveil.plot.hosts.FlowLabels;
import org.unveil.plot.hosts.HostPlot;
import org.unveil.plot.hosts.PacketFilter;
import org.unveil.plot.hosts.PacketPoints;
import org.unveil.plot.hosts.PlotPoints;
import org.unveil.plot.hosts.XAxis;
import org.unveil.plot.hosts.YAxis;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** `unveil plot`: one dot per packet an address sent, so that the hosts behind it show as separate sequences. */
@Command(name = "plot", mixinStandardHelpOptions = true,
        description = {"Plot the IPID, TCP timestamp, source port or TTL of every packet sent by the addresses that"
                + " open flows, against packet number or time, one colour per inferred host (or User-Agent, flow,"
                + " OS): hosts behind a NAT show as separate lines (pyflag's plotpcap).",
            "Filters, comma-separated, all must hold: " + PacketFilter.HELP + ".",
            "At most --max-points points are drawn: past that, 1 in 2, 4, 8, ... packets, evenly, as the title says."},
        footer = {"", "Examples:",
            "  unveil plot public.pcap --y ipid --x packet --out ipid.png",
            "  unveil plot public.pcap --y tsval --x time --color ua --address 203.0.113.1 --out ts.svg",
            "  unveil plot public.pcap --y ipid --filter no-ts,non-http-dns --out windows.png", "", ExitCode.HELP})
final class PlotCommand implements Callable<Integer> {
    @Parameters(arity = "1..*", paramLabel = "FILE", description = "Captures (pcap, pcapng, gzip of either; - for stdin).")
    List<String> files;

    @Option(names = "--y", required = true, paramLabel = "ipid|tsval|sport|ttl", description = "What to plot upwards.")
    YAxis y;

    @Option(names = "--x", defaultValue = "packet", paramLabel = "packet|time",
            description = "What to plot across (default: ${DEFAULT-VALUE}).")
    XAxis x;

    @Option(names = "--color", defaultValue = "host", paramLabel = "host|ua|flow|os",
            description = "One colour per inferred host, User-Agent, flow or SYN's OS (default: ${DEFAULT-VALUE}).")
    ColorBy color;

    @Option(names = "--address", paramLabel = "A", description = "Only packets sent by this address.")
    String address;

    @Option(names = "--filter", paramLabel = "F[,F...]", description = "Only packets that pass every filter.")
    String filter;

    @Option(names = {"--out", "-o"}, required = true, paramLabel = "F.png|F.svg",
            description = "The plot to write; - writes a PNG to stdout.")
    String out;

    @Option(names = "--max-points", defaultValue = "" + PacketPoints.DEFAULT_CAP, paramLabel = "N",
            description = "Points drawn at most, 2 to " + MAX_POINTS + " (default: ${DEFAULT-VALUE}).")
    int maxPoints;

    /** More points than pixels in the image only costs memory and time. */
    static final int MAX_POINTS = 10_000_000;

    @Option(names = {"-q", "--quiet"}, description = "No progress display on stderr.")
    boolean quiet;

    @picocli.CommandLine.Mixin
    BpfOption bpf;

    @Spec
    CommandSpec spec;

    @Mixin
    MemoryOption memory;

    private final OutputStream stdout;
    private final PrintStream stderr;

    PlotCommand(OutputStream stdout, PrintStream stderr) {
        this.stdout = stdout;
        this.stderr = stderr;
    }

    @Override
    public Integer call() throws IOException {
        PacketFilter packets = options();
        OutputFiles.Output plot = new OutputFiles(spec.commandLine()).inputs("FILE", files).output("--out", out);
        MemoryBudget budget = memory.budget();
        String title = y.label() + " vs " + x.option()
                + (address == null ? "" : ", " + address) + (packets.toString().isEmpty() ? "" : ", " + packets);
        PlotPoints drawn = new PlotPoints();
        long[] origin = {0};
        // as hosts: in passes over fewer addresses when the flows do not fit, one address's flows past what
        // clustering takes on disk; each pass's points are labelled (by host, or by their flows' own fields, read
        // back from disk for those) before the next is read
        String only = address == null ? null : IpAddresses.canonical(address);
        CapturePasses captures = new CapturePasses(files, stderr, quiet, bpf.compile(spec));
        HostPasses.Summary summary = HostPasses.run(captures, only, budget,
                collector -> PacketPoints.perAddress(collector, only, packets, maxPoints, maxPoints),
                (hosts, points) -> {
                    FlowLabels labels = new FlowLabels(points.flows(), hosts);
                    for (AddressHosts a : hosts) {
                        a.approximations().forEach(line -> stderr.println("unveil: " + line));
                        labels.resolve(a, points.sample(a.address()));
                        drawn.add(points.sample(a.address()), labels, color, maxPoints);
                    }
                    drawn.count(labels, color);
                    origin[0] = points.firstNanos();
                });
        captures.tell(summary, budget);
        int exit = captures.exitCode();
        drawn.finish(maxPoints);
        XYChart chart = HostPlot.chart(title, drawn, x, y, origin[0]);
        plot.write(stdout, ChartFiles.encode(chart, Path.of(plot.isStdout() ? "stdout.png" : out)));
        if (chart.getSeriesMap().isEmpty()) {
            stderr.println("unveil: no packet matched (or none had a " + y.option() + "); " + plot.name()
                    + " is an empty plot");
        }
        return exit;
    }

    private PacketFilter options() {
        if (!out.equals(OutputFiles.STANDARD) && !ChartFiles.supported(Path.of(out))) {
            throw new ParameterException(spec.commandLine(), "--out: '" + out + "' must end in .png or .svg");
        }
        if (maxPoints < 2 || maxPoints > MAX_POINTS) {
            throw new ParameterException(spec.commandLine(), "--max-points: " + maxPoints + " is not between 2 and "
                    + MAX_POINTS);
        }
        if (address != null) {
            if (!org.unveil.capture.flow.IpAddresses.isLiteral(address)) {
                throw new ParameterException(spec.commandLine(), "--address: '" + address
                        + "' is not an IPv4 address (four parts, 0 to 255) or an IPv6 address");
            }
        }
        try {
            return PacketFilter.parse(filter);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), "--filter: " + e.getMessage());
        }
    }
}
