package org.unveil.cli;

/** A command that only holds subcommands (`unveil balance`, `unveil synth`): alone, it lists them. */
abstract class CommandGroup implements java.util.concurrent.Callable<Integer> {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    /** Without a subcommand: say which exist. */
    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return ExitCode.USAGE;
    }
}
