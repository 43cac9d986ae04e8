package org.unveil.cli;

import org.unveil.capture.filter.BpfFilter;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/** The -f option of the commands that read packets: a tcpdump filter expression, compiled by libpcap. */
final class BpfOption {
    @Option(names = {"-f", "--bpf"}, paramLabel = "EXPR",
            description = "Only packets that match this tcpdump filter expression, with tcpdump's meaning"
                    + " (libpcap's own compiler), e.g. 'tcp port 80 and host 192.0.2.1'.")
    String expression;

    /** The compiled filter, or null without -f; a mistake in the expression is a usage error. */
    BpfFilter compile(CommandSpec spec) {
        if (expression == null) {
            return null;
        }
        try {
            return BpfFilter.compile(expression);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), "-f: " + e.getMessage());
        }
    }
}
