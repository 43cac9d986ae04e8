package org.unveil.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import org.unveil.scan.store.ScanInfo;
import org.unveil.scan.store.ScanStore;
import org.unveil.scan.store.StoreException;
import picocli.CommandLine.Option;

/**
 * {@code --store F}, the scan store every scan command and serve read or write (the user's data folder unless told),
 * and the one way they open it: a missing store, a store that fails or a scan it does not hold is one line on stderr
 * and the documented exit code, said the same way by every command.
 */
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

    /** What a command does with the open store; gives its exit code. */
    @FunctionalInterface
    interface Work {
        int on(ScanStore store) throws IOException, InterruptedException, StoreException, NoSuchScan;
    }

    /** A scan named on the command line that the store does not hold. */
    static final class NoSuchScan extends Exception {
        NoSuchScan(String name) {
            super("the store has no scan named '" + name + "'", null, false, false);
        }
    }

    /** The scan called {@code name}. */
    static ScanInfo scan(ScanStore s, String name) throws StoreException, NoSuchScan {
        return s.scan(name).orElseThrow(() -> new NoSuchScan(name));
    }

    /** Opens the store read-only (it must exist; others may read it meanwhile); any failure to read is exit 3. */
    int read(PrintStream stderr, Work work) throws IOException, InterruptedException {
        try (ScanStore s = ScanStore.openReadOnly(path())) {
            return work.on(s);
        } catch (StoreException | NoSuchScan e) {
            stderr.println("unveil: " + e.getMessage());
            return ExitCode.NO_INPUT;
        }
    }

    /**
     * Opens the store to change it, made if missing; a store that fails gives {@code failure} (4 where something
     * was to be written), a scan it does not hold 3.
     */
    int change(PrintStream stderr, int failure, Work work) throws IOException, InterruptedException {
        try (ScanStore s = ScanStore.open(path())) {
            return work.on(s);
        } catch (NoSuchScan e) {
            stderr.println("unveil: " + e.getMessage());
            return ExitCode.NO_INPUT;
        } catch (StoreException e) {
            stderr.println("unveil: " + e.getMessage());
            return failure;
        }
    }
}
