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
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.CoreOptions;
import org.apache.flink.configuration.ExternalizedCheckpointRetention;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.configuration.StateRecoveryOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.common.TopicPartition;
import org.unveil.stream.ScratchFolder;

/**
 * Runs the scan job in a Flink MiniCluster inside this JVM (`unveil scan pipeline`): the same graph as on a cluster,
 * with a restart strategy so a failed task restores from the last checkpoint, and, given a checkpoint folder,
 * checkpoints kept there and the newest one resumed by the next run.
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
            if (resumed.isPresent() && o.bounded()) {
                return resumedToEnd(env, o, between, dir);
            }
            ScanJob.define(env, o, between);
            return env.execute(ScanJob.NAME);
        } finally {
            ScratchFolder.delete(tmp);
            if (o.checkpoints() == null) {
                ScratchFolder.delete(dir);
            }
        }
    }

    /**
     * A bounded run resumed from a checkpoint: Flink's bounded Kafka source restored from state never finishes
     * (its enumerator, recreated from state, finds no new partition and never tells the readers that no more
     * splits come: FLINK-31006, open), so the job runs unbounded and is cancelled once everything the topic held
     * when it started is in a finished checkpoint: the source's offsets, committed when a checkpoint completes,
     * have reached the end offsets, and one more checkpoint has completed after that, so that the transactions of
     * the checkpoint that took the last records are committed too. Checkpoints are kept on cancellation.
     */
    private static JobExecutionResult resumedToEnd(StreamExecutionEnvironment env, JobOptions o,
            UnaryOperator<DataStream<EnrichedResult>> between, Path dir) throws Exception {
        Map<TopicPartition, Long> end = TopicProgress.endOffsets(o.brokers(), o.topic());
        ScanJob.define(env, new JobOptions(o.brokers(), o.topic(), o.enrichedTopic(), o.store(), o.geoFile(), false,
                o.checkpointMillis(), o.parallelism(), o.checkpoints()), between);
        long t0 = System.nanoTime();
        JobClient job = env.executeAsync(ScanJob.NAME);
        long reachedAt = -1;
        // A job whose checkpoints stop completing would hold this loop for ever: after this long without a new
        // checkpoint (twenty intervals, never under two minutes) the run is cancelled and told as stuck.
        long stuckNanos = TimeUnit.MILLISECONDS.toNanos(Math.max(120_000, 20 * o.checkpointMillis()));
        long seen = -1;
        long seenAt = System.nanoTime();
        while (true) {
            if (job.getJobStatus().get().isGloballyTerminalState()) {
                return job.getJobExecutionResult().get(); // failed for good: its error, as a bounded run gives it
            }
            long newest = newestNumber(dir);
            if (newest != seen) {
                seen = newest;
                seenAt = System.nanoTime();
            } else if (System.nanoTime() - seenAt > stuckNanos) {
                job.cancel().get();
                throw new IllegalStateException("the resumed run completed no checkpoint in "
                        + TimeUnit.NANOSECONDS.toSeconds(stuckNanos) + " s; it was stopped (checkpoints under " + dir
                        + ")");
            }
            if (reachedAt < 0 && TopicProgress.committedReach(o.brokers(), end)) {
                reachedAt = newest;
            }
            if (reachedAt >= 0 && newest > reachedAt) {
                job.cancel().get();
                return new JobExecutionResult(job.getJobID(), (System.nanoTime() - t0) / 1_000_000, Map.of());
            }
            Thread.sleep(Math.min(500, o.checkpointMillis()));
        }
    }

    /** The number of the newest finished checkpoint under {@code dir}, 0 before any. */
    private static long newestNumber(Path dir) throws IOException {
        return newest(dir).map(c -> Long.parseLong(c.getFileName().toString().replaceFirst("^chk-", ""))).orElse(0L);
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
