package org.unveil.cli;

import java.io.PrintStream;
import org.unveil.stream.capture.CaptureJobs;
import org.unveil.stream.pg.PgStore;

/** How the capture commands run their Flink job: the store readied first, a failure told in one line, its exit code. */
final class FlinkRuns {
    private FlinkRuns() {
    }

    /** A job to run; it may throw whatever Flink throws. */
    @FunctionalInterface
    interface Job<T> {
        T run() throws Exception;
    }

    /** The job's result, or null with the exit code its failure calls for (the line already printed). */
    record Outcome<T>(T result, int exitCode) {
    }

    /** Readies {@code store} (none when null), then runs {@code job}. */
    static <T> Outcome<T> run(CaptureJobs.Store store, Job<T> job, PrintStream stderr) {
        try {
            if (store != null) {
                store.prepare();
            }
            return new Outcome<>(job.run(), ExitCode.OK);
        } catch (PgStore.PgFailed e) {
            stderr.println("unveil: " + e.getMessage());
            return new Outcome<>(null, ExitCode.OUTPUT);
        } catch (Exception e) {
            stderr.println("unveil: the Flink job failed: " + rootMessage(e));
            return new Outcome<>(null, ExitCode.INTERNAL);
        }
    }

    /** The first line of the innermost cause's message: what went wrong, without the layers Flink wraps it in. */
    static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage().strip().lines().findFirst()
                .orElse("");
    }
}
