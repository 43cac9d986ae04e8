package org.unveil.cli;

import java.io.PrintStream;
import org.unveil.capture.CaptureProblem;
import org.unveil.capture.ProblemListener;

/**
 * Prints the damage readers report, one line each on stderr, up to a limit per run so a badly damaged
 * file cannot flood the terminal; remembers whether anything was reported for the exit code.
 */
final class ProblemPrinter implements ProblemListener {
    private static final int MAX_LINES = 50;
    private final PrintStream err;
    private long reported;
    private final java.util.List<String> recent = new java.util.ArrayList<>();

    ProblemPrinter(PrintStream err) {
        this.err = err;
    }

    @Override
    public void problem(CaptureProblem problem) {
        reported++;
        if (recent.size() < MAX_LINES) {
            recent.add(problem.offset() + ": " + problem.message());
        }
        if (reported <= MAX_LINES) {
            err.println("unveil: " + problem);
        } else if (reported == MAX_LINES + 1) {
            err.println("unveil: more problems follow; only the first " + MAX_LINES + " are shown");
        }
    }

    /** A problem outside any reader (a file that cannot be opened). */
    void fatal(String message) {
        reported++;
        if (recent.size() < MAX_LINES) {
            recent.add(message);
        }
        err.println("unveil: " + message);
    }

    /**
     * What decoding skipped in one file (null: nothing): a line on stderr like a reader's problems, but not
     * damage to the file, so it leaves the exit code alone.
     */
    void note(String file, String summary) {
        if (summary != null) {
            err.println("unveil: " + file + ": " + summary);
        }
    }

    /** The problems reported since the last call (at most the line limit), as "offset: what". */
    java.util.List<String> drain() {
        var out = java.util.List.copyOf(recent);
        recent.clear();
        return out;
    }

    long reported() {
        return reported;
    }

    void summarise() {
        if (reported > MAX_LINES) {
            err.println("unveil: " + reported + " problems in all");
        }
    }
}
