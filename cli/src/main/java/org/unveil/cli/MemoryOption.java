package org.unveil.cli;

import org.unveil.hosts.MemoryBudget;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code --memory SIZE}, the memory budget of hosts, plot and trace: per-flow state beyond it is approximated,
 * and the output says where. The default, 1 GiB or half the JVM's maximum heap if less, keeps within the heap
 * ({@code ./unveil} passes {@code -Xmx} from {@code UNVEIL_HEAP}); a budget above the heap is refused.
 */
final class MemoryOption {
    @Option(names = "--memory", paramLabel = "SIZE",
            description = "Memory budget (e.g. 512M, 2G; default 1G, or half the JVM heap if less). Beyond it,"
                    + " per-flow work is approximated, and the output says where.")
    String memory;

    @Spec(Spec.Target.MIXEE)
    CommandSpec spec;

    MemoryBudget budget() {
        if (memory == null) {
            return MemoryBudget.defaults();
        }
        long bytes;
        try {
            bytes = ByteSize.parse(memory);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), "--memory: " + e.getMessage());
        }
        long heap = Runtime.getRuntime().maxMemory();
        if (bytes > heap + heap / 10) { // maxMemory leaves out a survivor space: -Xmx1g allows --memory 1G
            throw new ParameterException(spec.commandLine(), "--memory: " + memory + " is more than the JVM's heap ("
                    + new MemoryBudget(heap).describe() + "); set UNVEIL_HEAP (./unveil passes it as -Xmx) to more");
        }
        return new MemoryBudget(bytes);
    }
}
