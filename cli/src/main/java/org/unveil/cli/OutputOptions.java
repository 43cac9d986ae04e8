package org.unveil.cli;

import picocli.CommandLine.Option;

/** Options every command shares: where output goes and whether progress is shown. */
final class OutputOptions {
    @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "Write output to FILE instead of stdout.")
    String output;

    @Option(names = {"-q", "--quiet"}, description = "No progress display on stderr.")
    boolean quiet;
}
