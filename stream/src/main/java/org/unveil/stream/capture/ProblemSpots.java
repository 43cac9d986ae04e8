package org.unveil.stream.capture;

import org.apache.flink.api.common.accumulators.ListAccumulator;
import org.apache.flink.api.common.functions.RuntimeContext;
import org.unveil.capture.CaptureProblem;
import org.unveil.capture.pipeline.PipelineListener;

/**
 * A capture task's listener: where each damaged record was, into the job's spot accumulator, up to
 * {@link PartTotals#SPOTS_PER_TASK} a task (the count of them all comes from the pipeline's outcome), so the
 * command can say where the damage is as the one-machine run does.
 */
final class ProblemSpots implements PipelineListener {
    private final ListAccumulator<String> spots = new ListAccumulator<>();
    private int kept;

    /** The listener of the task whose context this is. */
    static ProblemSpots of(RuntimeContext context) {
        ProblemSpots p = new ProblemSpots();
        context.addAccumulator(PartTotals.SPOTS, p.spots);
        return p;
    }

    @Override
    public void problem(CaptureProblem problem) {
        if (kept < PartTotals.SPOTS_PER_TASK) {
            kept++;
            spots.add(PartTotals.encode(problem));
        }
    }
}
