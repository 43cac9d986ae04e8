package org.unveil.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** {@code --store F}, the scan store every scan command and serve read or write: the user's data folder unless told. */
final class StoreOption {
    @Option(names = "--store", paramLabel = "F", description = "The store (default: the user's data folder);"
            + " scan report and scan pipeline also take a PostgreSQL store, postgresql://USER@HOST:PORT/DB.")
    String store;

    /** The PostgreSQL URL given, or null for a DuckDB file. */
    String postgresUrl() {
        return org.unveil.stream.pg.PgStore.isUrl(store) ? store : null;
    }

    Path path() {
        return ScanPaths.store(store);
    }
}
