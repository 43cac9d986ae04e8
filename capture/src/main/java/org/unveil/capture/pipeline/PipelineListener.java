package org.unveil.capture.pipeline;

import org.unveil.capture.ProblemListener;

/**
 * What the pipeline tells as it reads: damage the readers skip, files that cannot be opened, progress, and each
 * file's outcome when it is read. The pipeline calls it from one thread at a time, so it need not be thread-safe.
 */
public interface PipelineListener extends ProblemListener {
    /** A file that cannot be opened (missing, not a capture); the run goes on with the others. */
    default void openFailed(String file, String message) {
    }

    /** Now and then: {@code position} bytes of {@code total} (-1 when unknown, as for streams) read. */
    default void progress(String source, long position, long total, long packets) {
    }

    /** A file (all of its parts) has been read to its end, or could not be opened. */
    default void fileDone(FileOutcome outcome) {
    }

    /** A listener that ignores everything. */
    PipelineListener QUIET = p -> { };
}
