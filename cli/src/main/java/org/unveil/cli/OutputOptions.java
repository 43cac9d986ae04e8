package org.unveil.cli;

import java.io.BufferedOutputStream;
import java.io.FileNotFoundException;
import java.io.FileOutputStream;
import java.io.OutputStream;

import picocli.CommandLine.Option;

/** Options every command shares: where output goes and whether progress is shown. */
final class OutputOptions {
    @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "Write output to FILE instead of stdout.")
    String output;

    @Option(names = {"-q", "--quiet"}, description = "No progress display on stderr.")
    boolean quiet;

    /** The output stream: the file named by -o, else stdout (not closed by callers). */
    OutputStream open(OutputStream stdout) throws FileNotFoundException {
        if (output == null || output.equals("-")) {
            return new NonClosing(stdout);
        }
        return new BufferedOutputStream(new FileOutputStream(output), 1 << 16);
    }
}
