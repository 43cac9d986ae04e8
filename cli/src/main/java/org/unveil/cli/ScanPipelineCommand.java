package org.unveil.cli;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.function.UnaryOperator;
import org.unveil.stream.Topics;
import org.unveil.stream.job.JobOptions;
import org.unveil.stream.job.LocalPipeline;
import org.unveil.stream.pg.PgStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** `unveil scan pipeline`: the Flink scan job in a MiniCluster on this machine, Kafka to PostgreSQL. */
@Command(name = "pipeline", mixinStandardHelpOptions = true,
        description = {"Run the scan stream job (Flink, in this process) from the results topic that 'scan ingest"
                + " --kafka' fills: each result enriched with country and AS, written to the enriched topic"
                + " (exactly once) and folded into the PostgreSQL store's results and per-scan totals (idempotent"
                + " upserts, checkpointed: a restart loses nothing and counts nothing twice). The same job's entry"
                + " point for a Flink cluster is org.unveil.stream.job.ScanJobMain (stream/README.md)."},
        footer = {"", "Example:", "  unveil scan ingest results.csv --name may-80 --kafka 127.0.0.1:9092",
            "  unveil scan pipeline --kafka 127.0.0.1:9092 --store postgresql://unveil@127.0.0.1:5432/scans --until-end",
            "  unveil scan report --store postgresql://unveil@127.0.0.1:5432/scans --scan may-80", "", ExitCode.HELP})
final class ScanPipelineCommand implements Callable<Integer> {
    @Option(names = "--kafka", required = true, paramLabel = "BROKERS", description = "Kafka's brokers, host:port,…")
    String kafka;

    @Mixin
    StoreOption store;

    @Option(names = "--topic", defaultValue = Topics.RESULTS, paramLabel = "T",
            description = "The results topic (default: ${DEFAULT-VALUE}).")
    String topic;

    @Option(names = "--enriched-topic", defaultValue = Topics.ENRICHED, paramLabel = "T",
            description = "Where enriched results go (default: ${DEFAULT-VALUE}).")
    String enrichedTopic;

    @Option(names = "--geo", paramLabel = "F", description = "The geo table (default: the one shipped).")
    String geo;

    @Option(names = "--parallelism", defaultValue = "2", paramLabel = "N",
            description = "Parallel tasks of each step (default: ${DEFAULT-VALUE}; at most the topic's partitions).")
    int parallelism;

    @Option(names = "--checkpoint-interval", defaultValue = "5000", paramLabel = "MS",
            description = "Milliseconds between checkpoints (default: ${DEFAULT-VALUE}).")
    long checkpointMillis;

    @Option(names = "--checkpoints", paramLabel = "DIR", description = "Keep checkpoints in DIR and resume from the"
            + " newest there (else they last for this run only).")
    String checkpoints;

    @Option(names = "--until-end", description = "Stop once the results the topic held at the start are done"
            + " (else run until Ctrl-C).")
    boolean untilEnd;

    private final OutputStream stdout;
    private final PrintStream stderr;

    ScanPipelineCommand(OutputStream stdout, PrintStream stderr) {
        this.stdout = stdout;
        this.stderr = stderr;
    }

    @Override
    public Integer call() throws IOException {
        String url = store.postgresUrl();
        if (url == null) {
            stderr.println("unveil: --store: the pipeline writes a PostgreSQL store, postgresql://USER@HOST:PORT/DB");
            return ExitCode.USAGE;
        }
        if (parallelism < 1 || parallelism > Topics.PARTITIONS * 4) {
            stderr.println("unveil: --parallelism " + parallelism + ": must be 1 to " + Topics.PARTITIONS * 4);
            return ExitCode.USAGE;
        }
        if (checkpointMillis < 100) {
            stderr.println("unveil: --checkpoint-interval " + checkpointMillis + ": must be 100 ms or more");
            return ExitCode.USAGE;
        }
        if (geo != null && !java.nio.file.Files.isRegularFile(java.nio.file.Path.of(geo))) {
            stderr.println("unveil: --geo " + geo + ": no such file");
            return ExitCode.NO_INPUT;
        }
        try {
            Topics.ensure(kafka, topic, Topics.PARTITIONS);
            Topics.ensure(kafka, enrichedTopic, Topics.PARTITIONS);
            long t0 = System.nanoTime();
            LocalPipeline.run(new JobOptions(kafka, topic, enrichedTopic, url, geo, untilEnd, checkpointMillis,
                    parallelism, checkpoints), UnaryOperator.identity());
            double seconds = (System.nanoTime() - t0) / 1e9;
            stdout.write(totals(url, seconds).getBytes(StandardCharsets.UTF_8));
            stdout.flush();
            return ExitCode.OK;
        } catch (Topics.Unreachable | PgStore.PgFailed e) {
            stderr.println("unveil: " + e.getMessage());
            return ExitCode.OUTPUT;
        } catch (Exception e) {
            stderr.println("unveil: the pipeline stopped: " + FlinkRuns.rootMessage(e));
            return ExitCode.OUTPUT;
        }
    }
    private static String totals(String url, double seconds) throws PgStore.PgFailed, SQLException {
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "pipeline: finished after %.1f s%n", seconds));
        try (Connection c = PgStore.connect(url); Statement s = c.createStatement();
                ResultSet r = s.executeQuery("SELECT s.name, t.responses, t.rows, t.responders FROM scan_totals t"
                        + " JOIN scans s ON s.id = t.scan ORDER BY s.id")) {
            while (r.next()) {
                sb.append(String.format(Locale.ROOT, "scan %s: %d responses, %d address/port rows, %d responders%n",
                        r.getString(1), r.getLong(2), r.getLong(3), r.getLong(4)));
            }
        }
        return sb.toString();
    }
}
