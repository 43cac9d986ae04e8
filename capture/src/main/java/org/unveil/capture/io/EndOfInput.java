package org.unveil.capture.io;

import org.unveil.capture.CaptureProblem;
import org.unveil.capture.ProblemListener;

/**
 * Reports how a reader's input ended: silently when it simply ran out, as a fatal problem when the reader
 * found damage or the window knows why the stream broke off (a gzip file cut short).
 */
public final class EndOfInput {
    private EndOfInput() {
    }

    /** The input ran out at a record boundary: a problem only if the stream itself broke. */
    public static void reached(ByteWindow window, ProblemListener problems, String source, long at) {
        String why = window.endProblem();
        if (why != null) {
            problems.problem(new CaptureProblem(source, at, why, true));
        }
    }

    /** The input ended in the middle of something, described by {@code message}. */
    public static void cutShort(ByteWindow window, ProblemListener problems, String source, long at, String message) {
        String why = window.endProblem();
        // the broken stream first: it is the cause, the record cut short only its consequence
        problems.problem(new CaptureProblem(source, at, why == null ? message : why + "; " + message, true));
    }
}
