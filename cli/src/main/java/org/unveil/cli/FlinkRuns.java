package org.unveil.cli;

import java.io.PrintStream;
import org.unveil.capture.CaptureProblem;
import org.unveil.stream.capture.CaptureJobs;
import org.unveil.stream.capture.PartTotals;
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

    /**
     * Tells where the job found damage, one line a spot through {@code problems} as the one-machine run does, and
     * in one more line how many more it skipped than it located; the count of those, for the exit code (the
     * located ones are in {@code problems}' count).
     */
    static long reportDamage(PartTotals totals, ProblemPrinter problems, PrintStream stderr) {
        for (CaptureProblem spot : totals.spots()) {
            problems.problem(spot);
        }
        long unlocated = Math.max(0, totals.problems() - totals.spots().size());
        if (unlocated > 0) {
            stderr.println("unveil: " + unlocated + " more damaged records were skipped (each task locates its first "
                    + PartTotals.SPOTS_PER_TASK + ")");
        }
        return unlocated;
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
