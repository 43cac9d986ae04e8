package org.unveil.cli;

import picocli.CommandLine.Command;

/** `unveil balance`: the load-balancing lab. */
@Command(name = "balance", mixinStandardHelpOptions = true,
        description = "Load-balancing lab: GLOB and its peers, simulated on traces.")
final class BalanceCommand implements java.util.concurrent.Callable<Integer> {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    /** Without a subcommand: say which exist. */
    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return ExitCode.USAGE;
    }
}
