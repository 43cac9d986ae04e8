package org.unveil.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** {@code --store F}, the scan store every scan command and serve read or write: the user's data folder unless told. */
final class StoreOption {
    @Option(names = "--store", paramLabel = "F", description = "The store (default: the user's data folder).")
    String store;

    Path path() {
        return ScanPaths.store(store);
    }
}
