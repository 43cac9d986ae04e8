package org.unveil.cli;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import org.unveil.capture.LinkType;
import org.unveil.capture.PacketWriter;
import org.unveil.synth.model.HostMix;
import org.unveil.synth.model.HostProfile;
import org.unveil.synth.model.Ipv4;
import org.unveil.synth.model.NatModel;
import org.unveil.synth.model.PathModel;
import org.unveil.synth.traffic.HostsCsv;
import org.unveil.synth.traffic.Scenario;
import org.unveil.synth.traffic.SyntheticCapture;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** `unveil synth generate`: a labelled capture of modelled hosts behind a NAT, from a seed. */
@Command(name = "generate", mixinStandardHelpOptions = true,
        description = {"Generate a labelled capture of modelled hosts (Windows, macOS, iOS, Android, Linux old and"
                + " new, FreeBSD: their IPIDs, TCP clocks, SYNs, ports, User-Agents, TLS hellos) talking to servers"
                + " through a NAT. The same seed gives the same bytes; memory stays flat at any size."},
        footer = {"", "Examples:",
            "  unveil synth generate --mix office --seed 7 --duration 1h --out office.pcap --labels office.csv"
                + " --hosts-csv office-hosts.csv",
            "  unveil synth generate --hosts 50 --nat random --size 10G --out bench.pcap --labels bench.csv",
            "", "Mixes: %s", "", ExitCode.HELP})
final class SynthGenerateCommand implements Callable<Integer> {
    private static final int FIRST_INSIDE = Ipv4.parse("10.0.0.10");

    @Option(names = "--hosts", paramLabel = "N", description = "Number of hosts (default: the mix's own).")
    Integer hosts;

    @Option(names = "--mix", paramLabel = "NAME", defaultValue = "all",
            description = "OS mix of the hosts (default: ${DEFAULT-VALUE}); see the list below.")
    String mix;

    @Option(names = "--seed", defaultValue = "1", description = "Seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--duration", paramLabel = "D",
            description = "Virtual time to cover: 90s, 15m, 2h (default: 10m, or unbounded with --size).")
    String duration;

    @Option(names = "--size", paramLabel = "SIZE", description = "Stop before the pcap passes SIZE: 300K, 100M, 10G.")
    String size;

    @Option(names = "--out", required = true, paramLabel = "OUT.pcap",
            description = "The capture to write: pcapng when the name ends in .pcapng, else pcap; - for stdout.")
    String out;

    @Option(names = "--labels", required = true, paramLabel = "L.csv",
            description = "NAT labels: first_time,proto,src,sport,dst,dport,host, one row per public flow; - for stdout.")
    String labels;

    @Option(names = "--hosts-csv", paramLabel = "H.csv",
            description = "The model of every host and server; - for stdout.")
    String hostsCsv;

    @Option(names = "--nat", defaultValue = "preserve", paramLabel = "none|preserve|random",
            description = "NAT port behaviour (default: ${DEFAULT-VALUE}).")
    String nat;

    @Option(names = "--public", defaultValue = "192.0.2.1", paramLabel = "ADDR",
            description = "The NAT's public address (default: ${DEFAULT-VALUE}).")
    String publicAddress;

    @Option(names = "--rate", defaultValue = "0.5", paramLabel = "PER_SECOND",
            description = "Connections per host per second, on average (default: ${DEFAULT-VALUE}).")
    double rate;

    @Option(names = "--max-response", defaultValue = "500K", paramLabel = "SIZE",
            description = "Largest response; sizes are log-uniform from 300 bytes (default: ${DEFAULT-VALUE}).")
    String maxResponse;

    @Option(names = "--jitter", defaultValue = "0", paramLabel = "MS",
            description = "Extra delay per packet, uniform up to MS milliseconds (default: ${DEFAULT-VALUE}).")
    double jitterMillis;

    @Option(names = "--loss", defaultValue = "0", paramLabel = "P",
            description = "Chance a packet is lost and sent again (default: ${DEFAULT-VALUE}).")
    double loss;

    @Option(names = "--reorder", defaultValue = "0", paramLabel = "P",
            description = "Chance a packet is delayed past later ones (default: ${DEFAULT-VALUE}).")
    double reorder;

    @Option(names = "--reboots", defaultValue = "0", paramLabel = "N",
            description = "The first N hosts with clocks reboot once, at a random time (default: ${DEFAULT-VALUE}).")
    int reboots;

    /** A thousand connections a second per host is a port scan, not a host behind a NAT. */
    static final double MAX_RATE = 1000;
    /** A minute of delay per packet is a broken path, not jitter. */
    static final double MAX_JITTER_MILLIS = 60_000;

    @Spec
    CommandSpec spec;

    private final OutputStream stdout;
    private final java.io.PrintStream stderr;

    SynthGenerateCommand(OutputStream stdout, java.io.PrintStream stderr) {
        this.stdout = stdout;
        this.stderr = stderr;
    }

    private ParameterException usage(String message) {
        return new ParameterException(spec.commandLine(), message);
    }

    private Scenario scenario() {
        HostMix chosen = HostMix.named(mix);
        if (chosen == null) {
            throw usage("--mix: no mix '" + mix + "'; there are " + HostMix.names());
        }
        int count = hosts == null ? chosen.defaultHosts() : hosts;
        if (count < 1 || count > 60_000) {
            throw usage("--hosts: " + count + " is not between 1 and 60000");
        }
        long nanos = duration == null ? (size == null ? 600_000_000_000L : Long.MAX_VALUE) : durationNanos(duration);
        long maxBytes = size == null ? 0 : bytes("--size", size);
        NatModel natModel = switch (nat) {
            case "none" -> NatModel.NONE;
            case "preserve", "random" -> new NatModel(nat.equals("preserve") ? NatModel.Mode.PRESERVE
                    : NatModel.Mode.RANDOM, address(publicAddress));
            default -> throw usage("--nat: '" + nat + "' is not none, preserve or random");
        };
        if (!(rate > 0 && rate <= MAX_RATE) || !(jitterMillis >= 0 && jitterMillis <= MAX_JITTER_MILLIS)
                || !(loss >= 0 && loss < 1) || !(reorder >= 0 && reorder <= 1)) {
            throw usage("--rate must be above 0 and at most " + MAX_RATE + ", --jitter from 0 to " + MAX_JITTER_MILLIS
                    + " ms, --loss in [0, 1), --reorder in [0, 1]; got " + rate + ", " + jitterMillis + ", " + loss
                    + ", " + reorder);
        }
        if (reboots < 0 || reboots > count) {
            throw usage("--reboots: " + reboots + " is not between 0 and the " + count + " hosts");
        }
        long responses = bytes("--max-response", maxResponse);
        if (responses < Scenario.MIN_RESPONSE_BYTES || responses > Integer.MAX_VALUE) {
            throw usage("--max-response: " + maxResponse + " is not between " + Scenario.MIN_RESPONSE_BYTES
                    + " bytes and 2G");
        }
        SplittableRandom rng = new SplittableRandom(seed);
        List<HostProfile> profiles = new ArrayList<>(chosen.hosts(count, FIRST_INSIDE, rng));
        long span = nanos == Long.MAX_VALUE ? 3_600_000_000_000L : nanos;
        for (int i = 0, done = 0; i < profiles.size() && done < reboots; i++) {
            HostProfile h = profiles.get(i);
            if (h.clock().enabled()) {
                long at = Scenario.DEFAULT_START_NANOS + (long) (rng.nextDouble() * span);
                profiles.set(i, h.withClock(h.clock().withReboots(at)));
                done++;
            }
        }
        return new Scenario(seed, Scenario.DEFAULT_START_NANOS, nanos, maxBytes, profiles, natModel,
                new PathModel((int) Math.round(jitterMillis * 1000), loss, reorder), rate, (int) responses);
    }

    private int address(String text) {
        try {
            return Ipv4.parse(text);
        } catch (IllegalArgumentException e) {
            throw usage("--public: " + e.getMessage());
        }
    }

    private long durationNanos(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        long unit = t.endsWith("ms") ? 1_000_000L : t.endsWith("s") ? 1_000_000_000L : t.endsWith("m") ? 60_000_000_000L
                : t.endsWith("h") ? 3_600_000_000_000L : 0;
        try {
            double value = Double.parseDouble(t.substring(0, t.length() - (t.endsWith("ms") ? 2 : 1)));
            if (unit == 0 || !(value > 0) || value * unit > 1e18) {
                throw new NumberFormatException();
            }
            return (long) (value * unit);
        } catch (NumberFormatException | StringIndexOutOfBoundsException e) {
            throw usage("--duration: '" + text + "' is not a duration like 90s, 15m or 2h");
        }
    }

    private long bytes(String option, String text) {
        try {
            return ByteSize.parse(text);
        } catch (IllegalArgumentException e) {
            throw usage(option + ": " + e.getMessage());
        }
    }

    @Override
    public Integer call() throws IOException {
        Scenario scenario = scenario();
        OutputFiles io = new OutputFiles(spec.commandLine());
        OutputFiles.Output capturePath = io.output("--out", out);
        OutputFiles.Output labelPath = io.output("--labels", labels);
        OutputFiles.Output hostsPath = io.output("--hosts-csv", hostsCsv);
        SyntheticCapture capture = new SyntheticCapture(scenario);
        long started = System.nanoTime();
        SyntheticCapture.Result r;
        try (OutputFiles.Sink p = capturePath.open(stdout); OutputFiles.Sink ls = labelPath.open(stdout);
                OutputStream pcap = new BufferedOutputStream(new NonClosing(p), 1 << 20);
                Writer l = new OutputStreamWriter(new NonClosing(ls), StandardCharsets.UTF_8)) {
            r = capture.run(PacketWriter.open(pcap, capturePath.name(), LinkType.ETHERNET, 65535,
                    "unveil synth generate: " + scenario.hosts().size() + " hosts, mix " + mix + ", seed " + seed), l);
            pcap.flush();
            l.flush();
            p.commit();
            ls.commit();
        }
        if (hostsPath != null) {
            try (OutputFiles.Sink hs = hostsPath.open(stdout);
                    Writer h = new OutputStreamWriter(new NonClosing(hs), StandardCharsets.UTF_8)) {
                HostsCsv.write(h, scenario.hosts(), capture.serverProfiles());
                h.flush();
                hs.commit();
            }
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        String summary = String.format(Locale.ROOT, "%s: %,d packets, %,d bytes, %,d flows of %d hosts over %.1f s"
                + " of virtual time; %,d lost; in %.1f s (%.0f MB/s)%n", out, r.packets(), r.bytes(), r.flows(),
                scenario.hosts().size(), (r.endNanos() - scenario.startNanos()) / 1e9, r.lost(), seconds,
                r.bytes() / 1e6 / Math.max(seconds, 1e-9));
        if (capturePath.isStdout() || labelPath.isStdout() || (hostsPath != null && hostsPath.isStdout())) {
            stderr.print(summary); // stdout carries data: the summary is for the user
        } else {
            stdout.write(summary.getBytes(StandardCharsets.UTF_8));
            stdout.flush();
        }
        return ExitCode.OK;
    }
}
