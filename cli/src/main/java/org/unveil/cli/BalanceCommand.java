package org.unveil.cli;

import picocli.CommandLine.Command;

/** `unveil balance`: the load-balancing lab. */
@Command(name = "balance", mixinStandardHelpOptions = true,
        description = "Load-balancing lab: GLOB and its peers, simulated on traces.")
final class BalanceCommand extends CommandGroup {
}
