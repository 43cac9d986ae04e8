package org.unveil.cli;

import picocli.CommandLine.Command;

/** `unveil gateway`: the GLOB cluster on real packets. */
@Command(name = "gateway", mixinStandardHelpOptions = true,
        description = "The GLOB gateway cluster on real packets: one daemon a node (nftables, UDP control network).")
final class GatewayCommand extends CommandGroup {
}
