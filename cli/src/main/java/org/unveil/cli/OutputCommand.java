package org.unveil.cli;

import java.io.OutputStream;
import java.io.PrintStream;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** What every command that prints results has: the shared output options, its spec, stdout and stderr. */
abstract class OutputCommand implements Callable<Integer> {
    @Mixin
    OutputOptions output;

    @Spec
    CommandSpec spec;

    final OutputStream stdout;
    final PrintStream stderr;

    OutputCommand(OutputStream stdout, PrintStream stderr) {
        this.stdout = stdout;
        this.stderr = stderr;
    }

    /** The command's inputs, checked (each once, stdin once), ready to claim outputs against. */
    OutputFiles files(java.util.Collection<String> inputs) {
        return new OutputFiles(spec.commandLine()).inputs("FILE", inputs);
    }
}
