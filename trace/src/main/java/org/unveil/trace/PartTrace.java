package org.unveil.trace;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Iterator;
import java.util.function.Consumer;
import org.unveil.capture.decode.DecodeStatistics;
import org.unveil.capture.pipeline.CapturePipeline;

/**
 * The per-part work of {@link ParallelTracer} on its own, for an engine that spreads the parts of many captures
 * over machines (the Flink capture job): one part traced as the parallel run traces it, its connections' pieces
 * handed on in key order, to be gathered by 5-tuple and folded in input order by {@link ConnectionMerge}.
 */
public final class PartTrace {
    private PartTrace() {
    }

    /**
     * Traces part {@code part} of the {@code parts} parts {@code pipeline} splits {@code file} into (see
     * {@link CapturePipeline#readPart}), with the budget of one of {@code parts} workers sharing
     * {@code memoryBytes}, and gives each piece to {@code out}.
     *
     * @return what reading the part gave
     */
    public static Traced trace(CapturePipeline pipeline, String file, int fileIndex,
            int parts, int part, TraceQuery query, long memoryBytes, Consumer<ConnectionPiece> out)
            throws IOException {
        int workers = Math.max(1, parts);
        int maxHeads = (int) Math.max(16, Math.min(Integer.MAX_VALUE,
                memoryBytes / 2 / workers / HeadAssembler.WINDOW));
        int maxFlows = ParallelTracer.connectionsHeld(memoryBytes / 4 / workers);
        CapturePipeline.PartOutcome<ParallelTracer.PartTracer> read = pipeline.readPart(file, fileIndex, parts, part,
                p -> new ParallelTracer.PartTracer(new ConnectionTracer(query, p.file(), maxHeads, maxFlows)));
        ConnectionTracer tracer = read.sink().tracer();
        try (SortedSpill<ConnectionPiece> pieces = tracer.pieces()) {
            Iterator<ConnectionPiece> each = pieces.sorted();
            while (each.hasNext()) {
                out.accept(each.next());
            }
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        return new Traced(read.packets(), read.problems(), tracer.headsDropped(), read.readable(), read.decoded());
    }

    /**
     * What tracing one part gave besides its pieces: packets read, damaged records met, partial HTTP heads dropped
     * to stay within the budget, whether anything could be read, and what decoding skipped.
     */
    public record Traced(long packets, long problems, long headsDropped, boolean readable, DecodeStatistics decoded) {
    }
}
