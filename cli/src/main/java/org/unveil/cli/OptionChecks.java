package org.unveil.cli;

import java.util.Arrays;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParameterException;

/** Checks of option values that picocli's own parsing lets through; each error names the option and the value. */
final class OptionChecks {
    private OptionChecks() {
    }

    /** Four threads a core is already more than decoding can use; beyond it threads only cost memory. */
    static int maxThreads() {
        return Runtime.getRuntime().availableProcessors() * 4;
    }

    /** A --threads value: 1 to four per core. */
    static int threads(CommandSpec spec, int asked) {
        if (asked < 1 || asked > maxThreads()) {
            throw new ParameterException(spec.commandLine(), "--threads: " + asked + " is not between 1 and "
                    + maxThreads() + " (four per core)");
        }
        return asked;
    }

    /**
     * Every comma-separated item of these list options, as typed, holds something: picocli drops empty items,
     * so "a,,b" would quietly be "a,b" and ",,," no list at all (the default), where the user made a mistake.
     */
    static void noEmptyItems(CommandSpec spec, String... options) {
        var parsed = spec.commandLine().getParseResult();
        for (String name : options) {
            OptionSpec option = parsed.matchedOption(name);
            if (option == null) {
                continue;
            }
            for (String typed : option.originalStringValues()) {
                if (Arrays.stream(typed.split(",", -1)).anyMatch(String::isBlank)) {
                    throw new ParameterException(spec.commandLine(), name + ": '" + typed + "' has an empty item");
                }
            }
        }
    }
}
