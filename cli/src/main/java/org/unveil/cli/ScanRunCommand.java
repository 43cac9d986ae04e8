package org.unveil.cli;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.unveil.scan.Scans;
import org.unveil.scan.block.Cidr;
import org.unveil.scan.block.TargetPlan;
import org.unveil.scan.run.Probe;
import org.unveil.scan.run.ZmapOptions;
import org.unveil.scan.run.ZmapRunner;
import org.unveil.scan.store.ScanStore;
import org.unveil.scan.store.StoreException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** `unveil scan run`: zmap on lab ranges, its results streamed into the store or to Kafka. */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = {"Run zmap (2.1.1, or 3.x/4.x) on TARGETS and store what answers. This version scans lab"
                + " ranges only: every target must lie inside a documentation range named with --allow-lab"
                + " (192.0.2.0/24, 198.51.100.0/24, 203.0.113.0/24 or parts); anything else is refused before a"
                + " packet is sent. Opt-outs are always left out, and zmap gets Unveil's block list (IANA"
                + " special-purpose ranges less the allowed lab) in place of its own."},
        footer = {"", "Example (a namespace lab, see scan/lab/lab):",
            "  unveil scan run --store lab.duckdb --name t1 --probe tcp_synscan --port 80 --allow-lab 192.0.2.0/24 \\",
            "      --netns uvs-scan-t1 --interface uvst1-s --source-ip 192.0.2.1 --gateway-mac MAC 192.0.2.0/27",
            "", ExitCode.HELP})
final class ScanRunCommand implements Callable<Integer> {
    @Parameters(paramLabel = "TARGETS", arity = "1..*", description = "CIDR blocks or addresses to scan.")
    List<String> targets;

    @Mixin
    StoreOption store;

    @Option(names = "--name", required = true, paramLabel = "N", description = "The scan's name, new in the store.")
    String name;

    @Option(names = "--probe", defaultValue = "tcp_synscan", paramLabel = "P",
            description = "tcp_synscan, icmp_echoscan or udp (default: ${DEFAULT-VALUE}).")
    String probe;

    @Option(names = "--port", defaultValue = "-1", paramLabel = "P", description = "The port (tcp_synscan, udp).")
    int port;

    @Option(names = "--rate", defaultValue = "10000", paramLabel = "PPS",
            description = "Packets a second (default: ${DEFAULT-VALUE}, modest on purpose).")
    long rate;

    @Option(names = "--cooldown", defaultValue = "8", paramLabel = "S",
            description = "Seconds to listen after the last probe (default: ${DEFAULT-VALUE}).")
    int cooldown;

    @Option(names = "--seed", defaultValue = "-1", paramLabel = "N", description = "zmap's address order seed.")
    long seed;

    @Option(names = {"--bandwidth", "-B"}, paramLabel = "BPS",
            description = "Send rate in bits a second, G/M/K suffixes (zmap -B), instead of --rate.")
    String bandwidth;

    @Option(names = {"--max-targets", "-n"}, paramLabel = "N|P%",
            description = "Probe at most this many addresses, or this share of those allowed (zmap -n).")
    String maxTargets;

    @Option(names = "--shards", defaultValue = "1", paramLabel = "N",
            description = "Split the scan into N parts, one per scanner (zmap --shards; needs --seed).")
    int shards;

    @Option(names = "--shard", defaultValue = "0", paramLabel = "I",
            description = "The part this scanner probes, 0 to N - 1 (zmap --shard).")
    int shard;

    @Option(names = {"--interface", "-i"}, paramLabel = "IF", description = "zmap -i.")
    String iface;

    @Option(names = {"--source-ip", "-S"}, paramLabel = "A", description = "zmap -S.")
    String sourceIp;

    @Option(names = {"--gateway-mac", "-G"}, paramLabel = "M", description = "zmap -G.")
    String gatewayMac;

    @Option(names = "--allow-lab", split = ",", paramLabel = "CIDR",
            description = "Documentation ranges this lab may scan (required for any target).")
    List<String> allowLab = new ArrayList<>();

    @Option(names = "--netns", paramLabel = "NS", description = "Run zmap inside this network namespace.")
    String netns;

    @Option(names = "--zmap", defaultValue = "zmap", paramLabel = "PATH",
            description = "The zmap program (default: ${DEFAULT-VALUE}).")
    String zmap;

    @Option(names = {"-q", "--quiet"}, description = "No progress on stderr.")
    boolean quiet;

    @Option(names = "--kafka", paramLabel = "BROKERS", description = "Publish each result to Kafka (host:port,…)"
            + " as it comes, instead of the store, for 'scan pipeline' or a Flink cluster; several scanners (--shard)"
            + " publish into one scan. Opt-outs still come from the store. Record schema v1 in stream/README.md.")
    String kafka;

    @Option(names = "--topic", defaultValue = org.unveil.stream.Topics.RESULTS, paramLabel = "T",
            description = "With --kafka: the results topic (default: ${DEFAULT-VALUE}).")
    String topic;

    private final OutputStream stdout;
    private final PrintStream stderr;

    ScanRunCommand(OutputStream stdout, PrintStream stderr) {
        this.stdout = stdout;
        this.stderr = stderr;
    }

    private static List<Cidr> cidrs(List<String> texts) throws Cidr.BadCidr {
        List<Cidr> out = new ArrayList<>();
        for (String t : texts) {
            out.add(Cidr.parse(t));
        }
        return out;
    }

    @Override
    public Integer call() throws IOException {
        Probe p = Probe.byLabel(probe);
        if (p == null) {
            stderr.println("unveil: --probe " + probe + ": not one of tcp_synscan, icmp_echoscan, udp");
            return ExitCode.USAGE;
        }
        if (p.needsPort() != (port >= 0) || port > 65535) {
            stderr.println("unveil: " + (p.needsPort() ? "--probe " + probe + " needs --port 0-65535"
                    : "--probe " + probe + " takes no --port"));
            return ExitCode.USAGE;
        }
        if (rate <= 0 || cooldown < 0) {
            stderr.println("unveil: --rate must be positive and --cooldown not negative");
            return ExitCode.USAGE;
        }
        List<String> command = new ArrayList<>();
        if (netns != null) {
            command.addAll(List.of("ip", "netns", "exec", netns));
        }
        command.add(zmap);
        ZmapOptions options;
        try {
            options = new ZmapOptions(command, p, port, rate, iface, sourceIp, gatewayMac, cooldown, seed, bandwidth,
                    maxTargets, shards, shard);
        } catch (IllegalArgumentException e) {
            stderr.println("unveil: " + e.getMessage());
            return ExitCode.USAGE;
        }
        try (ScanStore s = ScanStore.open(store.path())) {
            TargetPlan plan = TargetPlan.of(cidrs(targets), cidrs(allowLab), s.optouts());
            if (kafka != null) {
                return publish(options, plan);
            }
            if (s.scan(name).isPresent()) {
                stderr.println("unveil: the store already has a scan named '" + name + "'; choose another --name");
                return ExitCode.USAGE;
            }
            Path dir = Files.createTempDirectory("unveil-scan");
            try {
                Scans.Ran ran = Scans.run(s, ScanPaths.geo(null), name, options, plan, dir, this::progress);
                return done(plan, ran.zmap(), ran.rows() + " address/port rows");
            } finally {
                delete(dir);
            }
        } catch (Cidr.BadCidr | TargetPlan.Refused e) {
            stderr.println("unveil: refused: " + e.getMessage());
            return ExitCode.USAGE;
        } catch (ZmapRunner.Failed e) {
            stderr.println("unveil: " + e.getMessage());
            return ExitCode.SCANNER;
        } catch (StoreException | org.unveil.stream.Topics.Unreachable
                | org.unveil.stream.KafkaPublisher.PublishFailed e) {
            stderr.println("unveil: " + e.getMessage());
            return ExitCode.OUTPUT;
        }
    }

    /** --kafka: each result to the topic as zmap finds it, then this scanner's header with its ranges. */
    private int publish(ZmapOptions options, TargetPlan plan)
            throws IOException, ZmapRunner.Failed, org.unveil.stream.Topics.Unreachable {
        org.unveil.stream.Topics.ensure(kafka, topic, org.unveil.stream.Topics.PARTITIONS);
        long startedMicros = java.time.Instant.now().toEpochMilli() * 1000;
        Path dir = Files.createTempDirectory("unveil-scan");
        try (var p = new org.unveil.stream.KafkaPublisher(kafka, topic, name, shard)) {
            ZmapRunner.Outcome outcome = ZmapRunner.run(options, plan, dir, p, this::progress);
            p.finish(org.unveil.stream.ScanHeader.of(name, shard, options.probe().label(), options.port(), "zmap",
                    "zmap-csv", startedMicros, plan.allowed()));
            return done(plan, outcome, "published to " + topic + " at " + kafka);
        } finally {
            delete(dir);
        }
    }

    private void progress(org.unveil.scan.run.ZmapStatus status) {
        if (!quiet) {
            stderr.printf(Locale.ROOT, "\rscan %s: %s %.0f%%%s, sent %d, received %d, hit rate %.2f%%   ", name,
                    status.elapsed(), status.percent(), status.left() == null ? "" : " (" + status.left() + " left)",
                    status.sent(), status.received(), status.hitRate() * 100);
        }
    }

    /** The summary line of a finished run. */
    private int done(TargetPlan plan, ZmapRunner.Outcome zmap, String where) throws IOException {
        if (!quiet) {
            stderr.println();
        }
        String line = "scan " + name + ": " + plan.addresses() + " addresses allowed, " + zmap.ingest().responses()
                + " responses, " + where + "\n";
        stdout.write(line.getBytes(StandardCharsets.UTF_8));
        stdout.flush();
        return ExitCode.OK;
    }

    private static void delete(Path dir) throws IOException {
        try (var files = Files.list(dir)) {
            for (Path f : files.toList()) {
                Files.deleteIfExists(f);
            }
        }
        Files.deleteIfExists(dir);
    }
}
