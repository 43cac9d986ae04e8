package org.unveil.cli;

import org.unveil.stream.capture.CaptureJobs;
import org.unveil.stream.pg.PgStore;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/** {@code --store postgresql://… [--run NAME]} of the capture jobs: where `trace`/`hosts --engine flink` also write. */
final class JobStoreOption {
    @Option(names = "--store", paramLabel = "postgresql://USER@HOST:PORT/DB",
            description = "With --engine flink: also write the results to PostgreSQL (tables trace_connections,"
                    + " hosts_addresses; made if missing), as run --run, whose earlier rows are replaced.")
    String store;

    @Option(names = "--run", paramLabel = "NAME",
            description = "The run's name in --store (default: the command and its query, e.g. 'trace"
                    + " X-Forwarded-For 192.0.2.1').")
    String run;

    /** The store asked for, or null; a store without the flink engine, or not a PostgreSQL URL, is a usage error. */
    CaptureJobs.Store store(CommandSpec spec, boolean flink, String defaultRun) {
        if (store == null) {
            if (run != null) {
                throw new ParameterException(spec.commandLine(), "--run: only with --store");
            }
            return null;
        }
        if (!flink) {
            throw new ParameterException(spec.commandLine(), "--store: only with --engine flink");
        }
        if (!PgStore.isUrl(store)) {
            throw new ParameterException(spec.commandLine(), "--store: '" + PgStore.where(store)
                    + "' is not a postgresql:// address");
        }
        if (run != null && run.isBlank()) {
            throw new ParameterException(spec.commandLine(), "--run: the name is empty");
        }
        return new CaptureJobs.Store(store, run == null ? defaultRun : run);
    }
}
