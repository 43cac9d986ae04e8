package org.unveil.stream.capture;

import org.apache.flink.api.common.accumulators.LongCounter;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichFlatMapFunction;
import org.apache.flink.util.Collector;
import org.unveil.capture.filter.BpfFilter;
import org.unveil.capture.io.MappedFileWindow;
import org.unveil.capture.pipeline.CapturePipeline;
import org.unveil.trace.PartTrace;
import org.unveil.trace.TraceQuery;

/**
 * The trace job's per-part work: each {@link FilePart} read through the capture pipeline and traced as the
 * one-machine run traces a part ({@link PartTrace}), its connections' pieces handed on; damage and dropped heads
 * counted in accumulators, and where the damage was.
 */
final class TraceParts extends RichFlatMapFunction<FilePart, TracedPiece> {
    private final QuerySpec spec;
    private final String bpf;
    private final long minPart;
    private final long memoryBytes;
    private transient TraceQuery query;
    private transient CapturePipeline pipeline;
    private transient LongCounter packets;
    private transient LongCounter problems;
    private transient LongCounter headsDropped;
    private transient LongCounter unreadable;

    /**
     * @param bpf a tcpdump filter expression, or null
     * @param minPart the smallest part the pipeline splits off (the one-machine run's default in use)
     * @param memoryBytes the budget of one file's parts together, as the one-machine run shares it among workers
     */
    TraceParts(QuerySpec spec, String bpf, long minPart, long memoryBytes) {
        this.spec = spec;
        this.bpf = bpf;
        this.minPart = minPart;
        this.memoryBytes = memoryBytes;
    }

    @Override
    public void open(OpenContext context) {
        query = spec.compile();
        pipeline = new CapturePipeline(ProblemSpots.of(getRuntimeContext())).filter(bpf == null ? null : BpfFilter.compile(bpf)).parts(MappedFileWindow.DEFAULT_CHUNK, minPart);
        packets = getRuntimeContext().getLongCounter(PartTotals.PACKETS);
        problems = getRuntimeContext().getLongCounter(PartTotals.PROBLEMS);
        headsDropped = getRuntimeContext().getLongCounter(PartTotals.HEADS_DROPPED);
        unreadable = getRuntimeContext().getLongCounter(PartTotals.UNREADABLE);
    }

    @Override
    public void flatMap(FilePart part, Collector<TracedPiece> out) throws Exception {
        PartTrace.Traced t = PartTrace.trace(pipeline, part.name(), part.file(), part.parts(), part.part(), query,
                memoryBytes, piece -> out.collect(new TracedPiece(part.part(), piece)));
        packets.add(t.packets());
        problems.add(t.problems());
        headsDropped.add(t.headsDropped());
        if (!t.readable()) {
            unreadable.add(1L);
        }
    }
}
