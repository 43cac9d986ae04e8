package org.unveil.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.unveil.scan.Scans;
import org.unveil.scan.block.Cidr;
import org.unveil.scan.geo.GeoTable;
import org.unveil.scan.ingest.Format;
import org.unveil.scan.ingest.Ingest;
import org.unveil.scan.store.ScanStore;
import org.unveil.scan.store.StoreException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** `unveil scan ingest`: a zmap or masscan result file into the store. */
@Command(name = "ingest", mixinStandardHelpOptions = true,
        description = {"Read a zmap (2.1.1 or 3.x/4.x csv or json) or masscan (-oJ, -oL) result file into the store,"
                + " each address with its country and AS. Bad lines are reported on stderr as 'FILE: line N: what'"
                + " (the first 20) and skipped; the rest is kept."},
        footer = {"", "Examples:", "  unveil scan ingest results.csv --store scans.duckdb --name may-80",
            "  masscan ... -oJ - | unveil scan ingest - --name m1 --format masscan-json --targets 198.51.100.0/24",
            "", ExitCode.HELP})
final class ScanIngestCommand implements Callable<Integer> {
    static final int MAX_PROBLEMS = 20;

    @Parameters(index = "0", paramLabel = "FILE", description = "The result file; - for stdin.")
    String file;

    @Mixin
    StoreOption store;

    @Option(names = "--name", required = true, paramLabel = "N", description = "The scan's name, new in the store.")
    String name;

    @Option(names = "--replace", description = "Replace a scan of the same name (else the name must be new).")
    boolean replace;

    @Option(names = "--format", paramLabel = "FMT",
            description = "zmap-csv, zmap-json, masscan-json or masscan-list (default: detected).")
    String format;

    @Option(names = "--probe", defaultValue = "tcp_synscan", paramLabel = "P",
            description = "The probe that made the file (default: ${DEFAULT-VALUE}).")
    String probe;

    @Option(names = "--port", defaultValue = "-1", paramLabel = "P", description = "The port scanned, if one.")
    int port;

    @Option(names = "--targets", split = ",", paramLabel = "CIDR,…",
            description = "The ranges the scan covered, for hit rates (else rates are left out).")
    List<String> targets = new ArrayList<>();

    @Option(names = "--geo", paramLabel = "F", description = "A geo table from 'scan geo update' (default: the"
            + " refreshed one, else the one shipped).")
    String geo;

    @Option(names = "--kafka", paramLabel = "BROKERS", description = "Publish each result to Kafka (host:port,…)"
            + " instead of the store, for 'scan pipeline' or a Flink cluster; record schema v1 in stream/README.md.")
    String kafka;

    @Option(names = "--topic", defaultValue = org.unveil.stream.Topics.RESULTS, paramLabel = "T",
            description = "With --kafka: the results topic (default: ${DEFAULT-VALUE}).")
    String topic;

    @Option(names = "--shard", defaultValue = "0", paramLabel = "N",
            description = "With --kafka: this publisher's number among several of one scan (default: 0).")
    int shard;

    private final OutputStream stdout;
    private final PrintStream stderr;

    ScanIngestCommand(OutputStream stdout, PrintStream stderr) {
        this.stdout = stdout;
        this.stderr = stderr;
    }

    @Override
    public Integer call() throws IOException {
        Format chosen = null;
        if (format != null) {
            chosen = Format.byLabel(format);
            if (chosen == null) {
                stderr.println("unveil: --format " + format + ": not one of " + Format.labels());
                return ExitCode.USAGE;
            }
        }
        List<long[]> ranges = new ArrayList<>();
        for (String t : targets) {
            try {
                Cidr c = Cidr.parse(t);
                ranges.add(new long[] {c.first(), c.last()});
            } catch (Cidr.BadCidr e) {
                stderr.println("unveil: --targets: " + e.getMessage());
                return ExitCode.USAGE;
            }
        }
        if (shard < 0) {
            stderr.println("unveil: --shard " + shard + ": must be 0 or more");
            return ExitCode.USAGE;
        }
        InputStream in;
        try {
            in = file.equals("-") ? System.in : Files.newInputStream(Path.of(file));
        } catch (NoSuchFileException e) {
            stderr.println("unveil: " + file + ": no such file");
            return ExitCode.NO_INPUT;
        } catch (IOException e) {
            stderr.println("unveil: " + file + ": cannot be read (" + e.getMessage() + ")");
            return ExitCode.NO_INPUT;
        }
        if (kafka != null) {
            try (in) {
                return publish(in, chosen, ranges);
            }
        }
        GeoTable table = ScanPaths.geo(geo);
        try (in; ScanStore s = ScanStore.open(store.path())) {
            var existing = s.scan(name);
            if (existing.isPresent() && replace) {
                s.deleteScan(existing.get().id());
            } else if (existing.isPresent()) {
                stderr.println("unveil: the store already has a scan named '" + name + "'; choose another --name, or --replace");
                return ExitCode.USAGE;
            }
            List<long[]> targets = org.unveil.scan.block.Ranges.normal(ranges);
            Path path = file.equals("-") ? null : Path.of(file);
            Scans.Ingested done = path != null && Files.isRegularFile(path)
                    ? Scans.ingest(s, table, name, file, path, chosen, probe, port, targets, MAX_PROBLEMS)
                    : Scans.ingest(s, table, name, file, in, chosen, probe, port, targets, MAX_PROBLEMS);
            return summary(done.read(), done.rows() + " address/port rows");
        } catch (Ingest.UnknownFormat e) {
            stderr.println("unveil: " + e.getMessage());
            return ExitCode.NO_INPUT;
        } catch (StoreException e) {
            stderr.println("unveil: " + e.getMessage());
            return ExitCode.OUTPUT;
        }
    }

    /** Prints the problems and the summary line; the exit code of what was read. */
    private int summary(Ingest.Result read, String where) throws IOException {
        for (String problem : read.problems()) {
            stderr.println("unveil: " + problem);
        }
        if (read.badLines() > read.problems().size()) {
            stderr.println("unveil: " + file + ": " + (read.badLines() - read.problems().size())
                    + " more bad lines not shown");
        }
        String summary = "scan " + name + ": " + read.responses() + " responses (" + where + ") from " + read.lines()
                + " lines" + (read.format() == null ? "" : " of " + read.format().label())
                + (read.badLines() > 0 ? ", " + read.badLines() + " bad lines skipped" : "") + "\n";
        stdout.write(summary.getBytes(StandardCharsets.UTF_8));
        stdout.flush();
        if (read.format() == null) {
            stderr.println("unveil: " + file + ": no result lines");
            return ExitCode.NO_INPUT;
        }
        return read.badLines() > 0 ? ExitCode.DAMAGED_INPUT : ExitCode.OK;
    }

    /** --kafka: the results to the topic, then the scan's header; nothing goes to a store. */
    private int publish(InputStream in, Format chosen, List<long[]> ranges) throws IOException {
        try {
            org.unveil.stream.Topics.ensure(kafka, topic, org.unveil.stream.Topics.PARTITIONS);
            Ingest.Result read;
            try (var p = new org.unveil.stream.KafkaPublisher(kafka, topic, name, shard)) {
                read = Ingest.read(in, file, chosen, p, MAX_PROBLEMS);
                p.finish(org.unveil.stream.ScanHeader.of(name, shard, probe, port, file,
                        read.format() == null ? null : read.format().label(), -1,
                        org.unveil.scan.block.Ranges.normal(ranges)));
            }
            return summary(read, "published to " + topic + " at " + kafka);
        } catch (Ingest.UnknownFormat e) {
            stderr.println("unveil: " + e.getMessage());
            return ExitCode.NO_INPUT;
        } catch (org.unveil.stream.Topics.Unreachable | org.unveil.stream.KafkaPublisher.PublishFailed e) {
            stderr.println("unveil: " + e.getMessage());
            return ExitCode.OUTPUT;
        }
    }
}
