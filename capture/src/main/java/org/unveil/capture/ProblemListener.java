package org.unveil.capture;

/** Receives the damage a reader skips over, so callers decide whether to print, count or fail. */
@FunctionalInterface
public interface ProblemListener {
    void problem(CaptureProblem problem);

    ProblemListener IGNORE = p -> { };
}
