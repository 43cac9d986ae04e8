package org.unveil.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.unveil.capture.filter.BpfFilter;
import org.unveil.hosts.HostPasses;
import org.unveil.hosts.MemoryBudget;

/**
 * A command's captures, read once per pass of {@link HostPasses}: the first reading reports their damage and
 * decides the exit code, later ones (when the flows did not fit the budget at once) only show their progress.
 */
final class CapturePasses implements HostPasses.Input {
    private final List<String> files;
    private final PrintStream stderr;
    private final boolean quiet;
    private final BpfFilter filter;
    private final CaptureRun first;

    CapturePasses(List<String> files, PrintStream stderr, boolean quiet, BpfFilter filter) {
        this.files = files;
        this.stderr = stderr;
        this.quiet = quiet;
        this.filter = filter;
        this.first = new CaptureRun(stderr, quiet, filter);
    }

    @Override
    public void read(int pass, HostPasses.Sink sink) throws IOException {
        CaptureRun run = pass == 0 ? first : CaptureRun.again(stderr, quiet, filter, "pass " + (pass + 1));
        for (String file : files) {
            run.read(file, sink::add);
        }
    }

    @Override
    public boolean rereadable() {
        return files.stream().allMatch(f -> !f.equals("-") && Files.isRegularFile(Path.of(f)));
    }

    /** Says on stderr how many passes the budget took, and when a stream held more flows than it is for. */
    void tell(HostPasses.Summary summary, MemoryBudget budget) {
        if (summary.passes() > 1) {
            stderr.println(String.format(Locale.ROOT, "unveil: read in %d passes, each over fewer addresses, to keep"
                    + " within --memory %s (%,d flows a pass)", summary.passes(), budget.describe(),
                    budget.flowsPerPass()));
        }
        if (summary.mostFlows() > budget.flowsPerPass() && !rereadable()) {
            stderr.println(String.format(Locale.ROOT, "unveil: %,d flows held at once, more than --memory %s is for"
                    + " (%,d): a stream is read only once; save it to a file to be read in passes of fewer addresses",
                    summary.mostFlows(), budget.describe(), budget.flowsPerPass()));
        }
    }

    /** The exit code the first reading's damage decides. */
    int exitCode() {
        return first.exitCode();
    }
}
