package org.unveil.cli;

import picocli.CommandLine.Command;

/** `unveil synth`: labelled synthetic captures and NAT test cases made from real ones. */
@Command(name = "synth", mixinStandardHelpOptions = true,
        description = "Labelled synthetic captures (generate) and NAT test cases from any capture (natify).")
final class SynthCommand extends CommandGroup {
}
