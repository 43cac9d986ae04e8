package org.unveil.trace;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.unveil.capture.CaptureProblem;
import org.unveil.capture.Packet;
import org.unveil.capture.ProblemListener;
import org.unveil.capture.SplitCapture;
import org.unveil.capture.decode.PacketLayers;
import org.unveil.capture.filter.BpfFilter;
import org.unveil.capture.flow.FlowKey;
import org.unveil.capture.io.MappedFileWindow;
import org.unveil.capture.pipeline.CapturePipeline;
import org.unveil.capture.pipeline.CaptureResult;
import org.unveil.capture.pipeline.PartSink;
import org.unveil.capture.pipeline.PipelineListener;

/**
 * Runs {@link ConnectionTracer}s over several captures and over the parts of each plain pcap file on several
 * threads, and merges what they found into what one tracer reading each file whole finds.
 *
 * <p>A part's tracer counts only the records that start in its part. Flows are merged by their canonical
 * 5-tuple (as one tracer's flow table does, over all files of the run): first time from the earliest part,
 * last time from the latest, packets and bytes summed, the client side fixed by the first SYN or SYN-ACK
 * (else the first packet's sender). A connection matches if any part found a match; the line reported is
 * the one at the earliest record. Heads still being rebuilt at a part's end are fed from the records that
 * follow (up to {@link #LOOK_AHEAD} bytes), so a head split at the boundary is still searched whole.
 */
public final class ParallelTracer {
    /**
     * How far past its end a part follows the heads it left open. A head whose pieces lie further apart
     * in the file than this, across a part boundary, is searched in pieces (and may be missed where one
     * reader reading the whole file finds it).
     */
    public static final long LOOK_AHEAD = 64L << 20;

    /**
     * What a run found: the matching connections in a fixed order, their keys, how many files opened with anything
     * intact in them, and how many partial HTTP heads were dropped unsearched to keep within the memory budget.
     */
    public record Result(List<TracedConnection> connections, List<FlowKey> keys, int opened, long headsDropped) {
        public Result(List<TracedConnection> connections, List<FlowKey> keys, int opened) {
            this(connections, keys, opened, 0);
        }
    }

    /** Told about each file that cannot be opened (the run goes on with the others). */
    @FunctionalInterface
    public interface OpenFailure {
        void failed(String file, String message);
    }

    private ParallelTracer() {
    }

    /**
     * Traces {@code files} in order with up to {@code threads} threads.
     *
     * @param problems receives damage skipped by the readers (called from several threads: it must be safe)
     */
    public static Result run(List<String> files, TraceQuery query, int threads, ProblemListener problems,
            OpenFailure failed) throws IOException {
        return run(files, query, threads, problems, failed, null, DEFAULT_MEMORY);
    }

    /**
     * As {@link #run(List, TraceQuery, int, ProblemListener, OpenFailure)}, seeing only the packets {@code filter}
     * keeps (null: all), within {@code memoryBytes}: see {@link #run(List, TraceQuery, int, CapturePipeline, long)}.
     */
    public static Result run(List<String> files, TraceQuery query, int threads, ProblemListener problems,
            OpenFailure failed, BpfFilter filter, long memoryBytes) throws IOException {
        return run(files, query, threads, problems, failed, filter, SplitCapture.MIN_PART, memoryBytes);
    }

    /** The budget when none is given: 1 GiB. */
    public static final long DEFAULT_MEMORY = 1L << 30;

    /** As {@link #run(List, TraceQuery, int, ProblemListener, OpenFailure)} with parts down to {@code minPart} bytes. */
    static Result run(List<String> files, TraceQuery query, int threads, ProblemListener problems,
            OpenFailure failed, BpfFilter filter, long minPart, long memoryBytes) throws IOException {
        PipelineListener told = new PipelineListener() {
            @Override
            public void problem(CaptureProblem problem) {
                problems.problem(problem);
            }

            @Override
            public void openFailed(String file, String message) {
                failed.failed(file, message);
            }
        };
        return run(files, query, threads,
                new CapturePipeline(told).filter(filter).parts(MappedFileWindow.DEFAULT_CHUNK, minPart), memoryBytes);
    }

    /**
     * Traces {@code files} in order through {@code pipeline} (its packet filter, its listener told of problems,
     * files that cannot be opened and each file's decode statistics) with up to {@code threads} threads, within
     * {@code memoryBytes}: the HTTP heads being rebuilt (up to {@link HeadAssembler#WINDOW} a direction) are the
     * state that grows with the connections open at once; past half the budget the oldest open head is dropped
     * unsearched and counted in {@link Result#headsDropped}. The per-connection totals (about 100 bytes a
     * connection) are not bounded.
     */
    public static Result run(List<String> files, TraceQuery query, int threads, CapturePipeline pipeline,
            long memoryBytes) throws IOException {
        int workers = Math.max(1, threads);
        int maxHeads = (int) Math.max(16, Math.min(Integer.MAX_VALUE,
                memoryBytes / 2 / workers / HeadAssembler.WINDOW));
        CaptureResult<PartTracer> read = pipeline.run(files, workers,
                part -> new PartTracer(new ConnectionTracer(query, part.file(), maxHeads)));
        return merge(read.sinks().stream().map(PartTracer::tracer).toList(), read.readable());
    }

    /** One part's tracer: counts the records of its part, then feeds the heads it left open from those after. */
    private record PartTracer(ConnectionTracer tracer) implements PartSink {
        @Override
        public void add(Packet packet, PacketLayers layers) {
            tracer.add(packet, layers);
        }

        @Override
        public long lookAhead() {
            return tracer.openHeads() > 0 ? LOOK_AHEAD : 0;
        }

        @Override
        public boolean following(Packet packet, PacketLayers layers) {
            return tracer.lookAhead(packet, layers);
        }
    }

    /** Merges tracers given in input order (files in order, each file's parts in order). */
    static Result merge(List<ConnectionTracer> parts, int opened) {
        Map<FlowKey, Merged> found = new HashMap<>();
        for (ConnectionTracer t : parts) {
            for (int flow = 0; flow < t.flowCount(); flow++) {
                if (!t.matched(flow)) {
                    continue;
                }
                Merged m = found.computeIfAbsent(t.key(flow), k -> new Merged());
                // parts come in input order, so only a look-ahead match can precede one already taken
                if (!m.taken || (m.matchFile == t.fileIndex() && t.matchedAt(flow) < m.matchAt)) {
                    m.matchFile = t.fileIndex();
                    m.matchAt = t.matchedAt(flow);
                    m.line = t.line(flow);
                    m.taken = true;
                }
            }
        }
        for (ConnectionTracer t : parts) {
            for (int flow = 0; flow < t.flowCount() && !found.isEmpty(); flow++) {
                Merged m = t.hasPackets(flow) ? found.get(t.key(flow)) : null;
                if (m != null) {
                    m.add(t, flow);
                }
            }
        }
        List<Map.Entry<FlowKey, Merged>> entries = new ArrayList<>(found.entrySet());
        List<TracedConnection> out = new ArrayList<>();
        List<FlowKey> keys = new ArrayList<>();
        entries.sort(Comparator.comparing((Map.Entry<FlowKey, Merged> e) -> e.getValue().first)
                .thenComparing(e -> e.getKey(), KEY_ORDER));
        for (Map.Entry<FlowKey, Merged> e : entries) {
            out.add(e.getValue().connection(e.getKey()));
            keys.add(e.getKey());
        }
        long dropped = 0;
        for (ConnectionTracer t : parts) {
            dropped += t.headsDropped();
        }
        return new Result(List.copyOf(out), List.copyOf(keys), opened, dropped);
    }

    private static final Comparator<FlowKey> KEY_ORDER = Comparator.comparingInt(FlowKey::protocol)
            .thenComparing(FlowKey::addressAHigh, Long::compareUnsigned)
            .thenComparing(FlowKey::addressALow, Long::compareUnsigned)
            .thenComparingInt(FlowKey::portA)
            .thenComparing(FlowKey::addressBHigh, Long::compareUnsigned)
            .thenComparing(FlowKey::addressBLow, Long::compareUnsigned)
            .thenComparingInt(FlowKey::portB);

    /** One connection's totals as the parts are folded in. */
    private static final class Merged {
        int matchFile;
        long matchAt;
        String line;
        boolean taken;
        boolean seen;
        boolean bySyn;
        boolean clientIsA;
        long first;
        long last;
        long packets;
        long bytes;

        void add(ConnectionTracer t, int flow) {
            if (!seen) {
                seen = true;
                first = t.firstNanos(flow);
                clientIsA = t.clientIsA(flow);
                bySyn = t.orientedBySyn(flow);
            } else if (!bySyn && t.orientedBySyn(flow)) {
                clientIsA = t.clientIsA(flow);
                bySyn = true;
            }
            last = t.lastNanos(flow);
            packets += t.packets(flow);
            bytes += t.bytes(flow);
        }

        TracedConnection connection(FlowKey key) {
            return new TracedConnection(key.protocol(), clientIsA ? key.addressA() : key.addressB(),
                    clientIsA ? key.portA() : key.portB(), clientIsA ? key.addressB() : key.addressA(),
                    clientIsA ? key.portB() : key.portA(), first, last, packets, bytes, line);
        }
    }
}
