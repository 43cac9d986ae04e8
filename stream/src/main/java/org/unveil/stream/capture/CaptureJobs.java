package org.unveil.stream.capture;

import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.api.common.RuntimeExecutionMode;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.CloseableIterator;
import org.unveil.capture.CaptureException;
import org.unveil.capture.CaptureProblem;
import org.unveil.capture.SplitCapture;
import org.unveil.capture.io.MappedFileWindow;
import org.unveil.capture.pipeline.CapturePipeline;
import org.unveil.capture.pipeline.PipelineListener;
import org.unveil.stream.ScratchFolder;
import org.unveil.stream.pg.PgStore;
import org.unveil.trace.ParallelTracer;
import org.unveil.trace.TracedConnection;

/**
 * The capture jobs' common ground: the tasks a run's files make (each file's parts, as the capture pipeline
 * splits it), and the jobs run in a Flink MiniCluster in this JVM (local mode: `unveil trace --engine flink`).
 * Batch execution: the captures are a bounded input, and each merge waits for all its pieces.
 */
public final class CaptureJobs {
    private CaptureJobs() {
    }

    /**
     * How a capture job runs: {@code parallelism} task slots (each file split in up to that many parts), parts of at
     * least {@code minPart} bytes, and a file's parts sharing {@code memoryBytes} as the one-machine run's workers do.
     */
    public record Options(int parallelism, long minPart, long memoryBytes) {
        /** The one-machine defaults: parts of 8 MiB or more, a 1 GiB budget. */
        public static Options of(int parallelism) {
            return new Options(parallelism, SplitCapture.MIN_PART, ParallelTracer.DEFAULT_MEMORY);
        }
    }

    /**
     * Where a run's results are kept besides the report: PostgreSQL at {@code url} (libpq's form), as run
     * {@code run}, whose earlier rows the run replaces.
     */
    public record Store(String url, String run) implements java.io.Serializable {
        /** Connects and makes the capture jobs' tables (trace_connections, hosts_addresses) if missing. */
        public void prepare() throws PgStore.PgFailed {
            try (Connection db = PgStore.connect(url)) {
                RunTable.create(db, List.of(RunTable.CONNECTIONS, RunTable.ADDRESSES));
            } catch (SQLException e) {
                throw new PgStore.PgFailed(PgStore.where(url) + ": cannot make the tables: "
                        + String.valueOf(e.getMessage()).strip().lines().findFirst().orElse(""), e);
            }
        }
    }

    /** Told about each file that cannot be opened (the run goes on with the others). */
    @FunctionalInterface
    public interface OpenFailure {
        void failed(String file, String message);
    }

    /**
     * The tasks of {@code files}, in order: every part of every file that opens (each file opened here to find its
     * record boundaries; the tasks find the same ones).
     */
    public static List<FilePart> plan(List<String> files, Options options, OpenFailure failed) throws IOException {
        CapturePipeline pipeline = new CapturePipeline(new PipelineListener() {
            @Override
            public void problem(CaptureProblem problem) {
                // the tasks meet it again and count it
            }
        }).parts(MappedFileWindow.DEFAULT_CHUNK, options.minPart());
        List<FilePart> parts = new ArrayList<>();
        for (int f = 0; f < files.size(); f++) {
            int n;
            try {
                n = pipeline.partCount(files.get(f), options.parallelism());
            } catch (CaptureException e) {
                failed.failed(files.get(f), e.getMessage());
                continue;
            }
            for (int i = 0; i < n; i++) {
                parts.add(new FilePart(f, files.get(f), i, options.parallelism()));
            }
        }
        return parts;
    }

    /** What a local trace job gave: the matching connections in the command's order, the totals, its wall time. */
    public record TraceRun(List<TracedConnection> connections, PartTotals totals, long millis) {
    }

    /** Runs the trace job over {@code parts} in a MiniCluster of {@code options.parallelism()} slots. */
    public static TraceRun trace(List<FilePart> parts, QuerySpec spec, String bpf, Options options) throws Exception {
        return trace(parts, spec, bpf, options, null);
    }

    /** As {@link #trace(List, QuerySpec, String, Options)}, the connections also written to {@code store} (or null). */
    public static TraceRun trace(List<FilePart> parts, QuerySpec spec, String bpf, Options options, Store store)
            throws Exception {
        Collected<TracedConnection> c = collect(parts, options, TraceJob.NAME,
                env -> stored(TraceJob.define(env, parts, spec, bpf, options), store, RunTable.CONNECTIONS));
        return new TraceRun(c.items(), c.totals(), c.millis());
    }

    /** What a local hosts job gave: the addresses' reports in address order, the totals, its wall time. */
    public record HostsRun(List<AddressReport> addresses, PartTotals totals, long millis) {
    }

    /** Runs the hosts job over {@code parts} in a MiniCluster; {@code only} one address (null: all). */
    public static HostsRun hosts(List<FilePart> parts, String bpf, AddressKey only, Options options)
            throws Exception {
        return hosts(parts, bpf, only, options, null);
    }

    /** As {@link #hosts(List, String, AddressKey, Options)}, the reports also written to {@code store} (or null). */
    public static HostsRun hosts(List<FilePart> parts, String bpf, AddressKey only, Options options, Store store)
            throws Exception {
        Collected<AddressReport> c = collect(parts, options, HostsJob.NAME,
                env -> stored(HostsJob.define(env, parts, bpf, only, options), store, RunTable.ADDRESSES));
        return new HostsRun(c.items(), c.totals(), c.millis());
    }

    /** What one local job's results stream gave, in order, with the job's totals and wall time. */
    private record Collected<T>(List<T> items, PartTotals totals, long millis) {
    }

    /** A job's results stream, defined on the environment it runs in. */
    @FunctionalInterface
    private interface Definition<T> {
        org.apache.flink.streaming.api.datastream.DataStream<T> on(StreamExecutionEnvironment env) throws Exception;
    }

    /**
     * Runs the job {@code define} makes over {@code parts} in a MiniCluster of {@code options.parallelism()}
     * slots, its temporary files in a folder of their own that goes with it, and collects its results.
     */
    private static <T> Collected<T> collect(List<FilePart> parts, Options options, String name, Definition<T> define)
            throws Exception {
        long t0 = System.nanoTime();
        List<T> found = new ArrayList<>();
        if (parts.isEmpty()) {
            return new Collected<>(found, new PartTotals(0, 0, 0, 0, List.of()), 0);
        }
        java.nio.file.Path tmp = ScratchFolder.create("unveil-flink");
        try {
            StreamExecutionEnvironment env = local(options.parallelism(), tmp);
            JobExecutionResult result;
            try (CloseableIterator<T> each = define.on(env).collectAsync()) {
                var job = env.executeAsync(name);
                each.forEachRemaining(found::add);
                result = job.getJobExecutionResult().get();
            }
            return new Collected<>(found, totals(result), (System.nanoTime() - t0) / 1_000_000);
        } finally {
            ScratchFolder.delete(tmp);
        }
    }

    /** {@code results}, also written to {@code store} (none when null) by one task. */
    static <T> org.apache.flink.streaming.api.datastream.DataStream<T> stored(
            org.apache.flink.streaming.api.datastream.DataStream<T> results, Store store, RunTable<T> table) {
        if (store != null) {
            results.sinkTo(new RunTableSink<>(store.url(), store.run(), table)).setParallelism(1).name("PostgreSQL");
        }
        return results;
    }

    /**
     * A local environment whose temporary files (among them the RPC system's jar Flink unpacks, 21 MB, which it
     * left in /tmp at every command's run) go to {@code tmp}, removed after the run.
     */
    private static StreamExecutionEnvironment local(int parallelism, java.nio.file.Path tmp) {
        Configuration conf = new Configuration();
        conf.set(org.apache.flink.configuration.CoreOptions.TMP_DIRS, tmp.toString());
        StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(parallelism, conf);
        env.setRuntimeMode(RuntimeExecutionMode.BATCH);
        return env;
    }

    private static PartTotals totals(JobExecutionResult r) {
        Object spots = r.getAccumulatorResult(PartTotals.SPOTS);
        @SuppressWarnings("unchecked")
        List<String> encoded = spots == null ? List.of() : (List<String>) spots;
        return new PartTotals(counter(r, PartTotals.PACKETS), counter(r, PartTotals.PROBLEMS),
                counter(r, PartTotals.HEADS_DROPPED), counter(r, PartTotals.UNREADABLE), PartTotals.decode(encoded));
    }

    private static long counter(JobExecutionResult r, String name) {
        Object v = r.getAccumulatorResult(name);
        return v == null ? 0 : ((Number) v).longValue();
    }
}
