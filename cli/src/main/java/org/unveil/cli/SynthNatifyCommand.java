package org.unveil.cli;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.unveil.capture.LinkType;
import org.unveil.synth.model.Ipv4;
import org.unveil.synth.natify.Natifier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** `unveil synth natify`: hides chosen hosts of any capture behind one public address, with labels. */
@Command(name = "natify", mixinStandardHelpOptions = true,
        description = {"Rewrite the chosen inside addresses of a capture into one public address (source going out,"
                + " destination coming back), keep or remap ports per flow, fix checksums, and label every public"
                + " flow with its inside host: any multi-host capture becomes a NAT test case.",
            "Packets between two inside hosts, and non-IPv4 packets, are written unchanged."},
        footer = {"", "Example:",
            "  unveil synth natify lab.pcap nat.pcap --public 192.0.2.1 --inside 10.0.0.2,10.0.0.3 --labels nat.csv",
            "", ExitCode.HELP})
final class SynthNatifyCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "IN", description = "A capture (pcap, pcapng, gzip of either; - for stdin).")
    String in;

    @Parameters(index = "1", paramLabel = "OUT", description = "The pcap to write; - for stdout.")
    String out;

    @Option(names = "--public", required = true, paramLabel = "ADDR", description = "The NAT's public IPv4 address.")
    String publicAddress;

    @Option(names = "--inside", required = true, split = ",", paramLabel = "A,B,…",
            description = "The inside IPv4 addresses to hide.")
    List<String> inside;

    @Option(names = "--remap-ports", description = "Give every flow a random public port (else keep free ones).")
    boolean remap;

    @Option(names = "--labels", required = true, paramLabel = "L.csv",
            description = "The NAT label CSV to write; - for stdout.")
    String labels;

    @Option(names = "--seed", defaultValue = "1", description = "Seed of the remapped ports (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = {"-q", "--quiet"}, description = "No progress display on stderr.")
    boolean quiet;

    @Spec
    CommandSpec spec;

    private final OutputStream stdout;
    private final PrintStream stderr;

    SynthNatifyCommand(OutputStream stdout, PrintStream stderr) {
        this.stdout = stdout;
        this.stderr = stderr;
    }

    private int parse(String option, String text) {
        try {
            return Ipv4.parse(text);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), option + ": " + e.getMessage());
        }
    }

    @Override
    public Integer call() throws IOException {
        OptionChecks.noEmptyItems(spec, "--inside");
        int publicIp = parse("--public", publicAddress);
        int[] hidden = inside.stream().mapToInt(a -> parse("--inside", a)).toArray();
        for (int h : hidden) {
            if (h == publicIp) {
                throw new ParameterException(spec.commandLine(), "--inside: " + publicAddress
                        + " is the public address");
            }
        }
        OutputFiles io = new OutputFiles(spec.commandLine()).input("IN", in);
        OutputFiles.Output capture = io.output("OUT", out);
        OutputFiles.Output labelFile = io.output("--labels", labels);
        CaptureRun run = new CaptureRun(stderr, quiet);
        Natifier.Result r;
        try (OutputFiles.Sink o = capture.open(stdout); OutputFiles.Sink lo = labelFile.open(stdout);
                Writer l = new OutputStreamWriter(lo, StandardCharsets.UTF_8)) {
            Natifier natifier = new Natifier(new BufferedOutputStream(new NonClosing(o), 1 << 20), l, publicIp, hidden, remap, seed);
            natifier.source(in);
            if (!run.read(in, natifier::accept).opened()) {
                return run.exitCode(); // nothing written: the sinks discard their temporary files
            }
            r = natifier.finish(LinkType.ETHERNET);
            l.flush();
            o.commit();
            lo.commit();
        }
        String summary = String.format(Locale.ROOT, "%s: %,d packets, %,d rewritten, %,d public flows labelled in %s"
                + "%s%n", out, r.packets(), r.rewritten(), r.flows(), labels,
                r.between() > 0 ? "; " + r.between() + " packets between inside hosts left as they were" : "");
        // the summary is for the user: on stderr when stdout carries the capture or the labels
        if (capture.isStdout() || labelFile.isStdout()) {
            stderr.print(summary);
        } else {
            stdout.write(summary.getBytes(StandardCharsets.UTF_8));
            stdout.flush();
        }
        return run.exitCode();
    }
}
