package org.unveil.stream.job;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.CoreOptions;
import org.apache.flink.configuration.ExternalizedCheckpointRetention;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.configuration.StateRecoveryOptions;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.unveil.stream.ScratchFolder;

/**
 * Runs the scan job in a Flink MiniCluster inside this JVM (`unveil scan pipeline`): the same graph as on a cluster,
 * with a restart strategy so a failed task restores from the last checkpoint, and, given a checkpoint folder,
 * checkpoints kept there and the newest one resumed by the next run. A bounded run resumed so finishes what the
 * interrupted one had started (the results the topic held when that one started), then clears the folder's jobs:
 * the run after starts afresh and reads the whole topic, as every fresh run does.
 */
public final class LocalPipeline {
    /**
     * Restarts of a failed task before the run gives up, a second apart: a broker or a PostgreSQL server that is
     * restarted is away for a few seconds, and each try while it is away fails at once (connection refused).
     */
    static final int RESTARTS = 15;

    private LocalPipeline() {
    }

    /** Runs the job to its end (bounded) or until interrupted; {@code between} as in {@link ScanJob#define}. */
    public static JobExecutionResult run(JobOptions o, UnaryOperator<DataStream<EnrichedResult>> between)
            throws Exception {
        Configuration conf = new Configuration();
        conf.set(RestartStrategyOptions.RESTART_STRATEGY, "fixed-delay");
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS, RESTARTS);
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY, Duration.ofSeconds(1));
        // on files always: the fold's state outgrows the 5 MB that checkpoints held in memory may have
        Path dir = o.checkpoints() == null ? ScratchFolder.create("unveil-checkpoints")
                : Path.of(o.checkpoints()).toAbsolutePath();
        conf.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, dir.toUri().toString());
        Path tmp = ScratchFolder.create("unveil-flink");
        conf.set(CoreOptions.TMP_DIRS, tmp.toString());
        Optional<Path> resumed = Optional.empty();
        if (o.checkpoints() != null) {
            conf.set(CheckpointingOptions.EXTERNALIZED_CHECKPOINT_RETENTION,
                    ExternalizedCheckpointRetention.RETAIN_ON_CANCELLATION);
            resumed = newest(dir);
            resumed.ifPresent(c -> conf.set(StateRecoveryOptions.SAVEPOINT_PATH, c.toUri().toString()));
        }
        try {
            StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(o.parallelism(), conf);
            ScanJob.define(env, o, between);
            JobExecutionResult result = env.execute(ScanJob.NAME);
            if (o.bounded() && resumed.isPresent()) {
                // the interrupted run is now done: its checkpoints go (Flink drops a finished job's own), so the
                // next run starts afresh instead of finishing it again
                forgetJobs(dir);
            }
            return result;
        } finally {
            ScratchFolder.delete(tmp);
            if (o.checkpoints() == null) {
                ScratchFolder.delete(dir);
            }
        }
    }

    /**
     * Removes the jobs' folders under a checkpoint folder (Flink's layout: JOB/chk-N, JOB/shared, JOB/taskowned);
     * anything else the folder holds stays.
     */
    private static void forgetJobs(Path dir) throws IOException {
        try (var jobs = Files.newDirectoryStream(dir, Files::isDirectory)) {
            for (Path job : jobs) {
                boolean flinks;
                try (var inside = Files.list(job)) {
                    flinks = inside.map(p -> p.getFileName().toString())
                            .anyMatch(n -> n.startsWith("chk-") || n.equals("shared") || n.equals("taskowned"));
                }
                if (flinks) {
                    ScratchFolder.delete(job);
                }
            }
        }
    }

    /**
     * The newest complete checkpoint under {@code dir} (one with its _metadata written), if any; checkpoints Flink
     * removes while this looks are passed over.
     */
    static Optional<Path> newest(Path dir) {
        if (!Files.isDirectory(dir)) {
            return Optional.empty();
        }
        Path[] newest = {null};
        FileTime[] at = {null};
        try {
            Files.walkFileTree(dir, java.util.Set.of(), 3, new Vanishing() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                    if (file.getFileName().toString().equals("_metadata")
                            && (at[0] == null || attrs.lastModifiedTime().compareTo(at[0]) > 0)) {
                        newest[0] = file.getParent();
                        at[0] = attrs.lastModifiedTime();
                    }
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Optional.ofNullable(newest[0]);
    }

    /** A walk that passes over what disappears under it. */
    private abstract static class Vanishing extends SimpleFileVisitor<Path> {
        @Override
        public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
            if (e instanceof NoSuchFileException) {
                return FileVisitResult.CONTINUE;
            }
            throw e;
        }
    }
}
