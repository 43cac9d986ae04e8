package org.unveil.cli;

import picocli.CommandLine.Command;

/** `unveil synth`: labelled synthetic captures and NAT test cases made from real ones. */
@Command(name = "synth", mixinStandardHelpOptions = true,
        description = "Labelled synthetic captures (generate) and NAT test cases from any capture (natify).")
final class SynthCommand implements java.util.concurrent.Callable<Integer> {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    /** Without a subcommand: say which exist. */
    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return ExitCode.USAGE;
    }
}
