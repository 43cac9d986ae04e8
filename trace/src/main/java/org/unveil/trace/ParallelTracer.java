package org.unveil.trace;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
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
     * What a run found: the matching connections in a fixed order (by first packet time, then 5-tuple), how many
     * files opened with anything intact in them, and how many partial HTTP heads were dropped unsearched to keep
     * within the memory budget. The connections may lie in temporary files: read them with {@link #forEach}
     * (or all at once with {@link #connections}), then close the result.
     */
    public static final class Result implements AutoCloseable {
        private final SortedSpill<ConnectionPiece> found;
        private final int opened;
        private final long headsDropped;

        Result(SortedSpill<ConnectionPiece> found, int opened, long headsDropped) {
            this.found = found;
            this.opened = opened;
            this.headsDropped = headsDropped;
        }

        /** Takes one matching connection with its key. */
        @FunctionalInterface
        public interface Visitor {
            void connection(FlowKey key, TracedConnection connection) throws IOException;
        }

        /** Gives each matching connection in order, read from disk where they were written to keep memory bounded. */
        public void forEach(Visitor visitor) throws IOException {
            try {
                Iterator<ConnectionPiece> each = found.sorted();
                while (each.hasNext()) {
                    ConnectionPiece p = each.next();
                    visitor.connection(p.key(), ConnectionMerge.connection(p));
                }
            } catch (UncheckedIOException e) {
                throw e.getCause();
            }
        }

        /** How many connections matched. */
        public long count() {
            return found.size();
        }

        /** All matching connections in order, held at once: for results known to be small. */
        public List<TracedConnection> connections() throws IOException {
            List<TracedConnection> all = new ArrayList<>();
            forEach((key, c) -> all.add(c));
            return all;
        }

        public int opened() {
            return opened;
        }

        public long headsDropped() {
            return headsDropped;
        }

        /** Deletes the temporary files. */
        @Override
        public void close() throws IOException {
            found.close();
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
     * unsearched and counted in {@link Result#headsDropped}. A quarter of the budget bounds the connections the
     * tracers follow at once ({@link #BYTES_PER_CONNECTION} each): past it, a tracer writes what it knows of them to
     * a temporary file and starts afresh (heads still being rebuilt then are dropped and counted); another quarter
     * bounds the matches sorted in memory, the rest going through sorted runs on disk. The output is the same
     * at any budget, but for those dropped heads.
     */
    public static Result run(List<String> files, TraceQuery query, int threads, CapturePipeline pipeline,
            long memoryBytes) throws IOException {
        int workers = Math.max(1, threads);
        int maxHeads = (int) Math.max(16, Math.min(Integer.MAX_VALUE,
                memoryBytes / 2 / workers / HeadAssembler.WINDOW));
        int maxFlows = connectionsHeld(memoryBytes / 4 / workers);
        CaptureResult<PartTracer> read = pipeline.run(files, workers,
                part -> new PartTracer(new ConnectionTracer(query, part.file(), maxHeads, maxFlows)));
        return merge(read.sinks().stream().map(PartTracer::tracer).toList(), read.readable(),
                connectionsHeld(memoryBytes / 4));
    }

    /**
     * What a tracer holds per connection it follows, generously: its flow table entry and key (about 100 bytes,
     * measured with a class histogram on a million connections) and the piece it becomes (about 150).
     */
    static final long BYTES_PER_CONNECTION = 256;
    /** However small the budget, this many connections are held at once. */
    static final int MIN_CONNECTIONS = 1024;

    /** Connections that {@code bytes} hold, within [{@link #MIN_CONNECTIONS}, 2^28]. */
    static int connectionsHeld(long bytes) {
        return (int) Math.max(MIN_CONNECTIONS, Math.min(1 << 28, bytes / BYTES_PER_CONNECTION));
    }

    /** One part's tracer: counts the records of its part, then feeds the heads it left open from those after. */
    record PartTracer(ConnectionTracer tracer) implements PartSink {
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

    /**
     * Merges tracers given in input order (files in order, each file's parts in order): each connection's pieces
     * in key order, folded in input order; the matching ones sorted by first time then 5-tuple, at most
     * {@code held} of them in memory at once (the rest in sorted runs on disk).
     */
    static Result merge(List<ConnectionTracer> parts, int opened, int held) throws IOException {
        List<SortedSpill<ConnectionPiece>> spills = new ArrayList<>();
        SortedSpill<ConnectionPiece> found = new SortedSpill<>(ConnectionMerge.OUTPUT_ORDER, ConnectionPiece.CODEC, held);
        long dropped = 0;
        try {
            List<Iterator<ConnectionPiece>> sources = new ArrayList<>();
            for (ConnectionTracer t : parts) {
                SortedSpill<ConnectionPiece> pieces = t.pieces();
                spills.add(pieces);
                sources.add(pieces.sorted());
                dropped += t.headsDropped();
            }
            // one tracer's pieces of a connection come in input order, and ties between tracers go to the earlier
            Iterator<ConnectionPiece> all = SortedSpill.merge(sources,
                    Comparator.comparing(ConnectionPiece::key, ConnectionPiece.KEY_ORDER));
            ConnectionMerge m = new ConnectionMerge();
            while (all.hasNext()) {
                ConnectionPiece p = all.next();
                if (m.key() != null && !m.key().equals(p.key())) {
                    emit(m, found);
                    m = new ConnectionMerge();
                }
                m.add(p);
            }
            emit(m, found);
        } catch (UncheckedIOException e) {
            found.close();
            throw e.getCause();
        } catch (IOException | RuntimeException e) {
            found.close();
            throw e;
        } finally {
            for (SortedSpill<ConnectionPiece> s : spills) {
                s.close();
            }
        }
        return new Result(found, opened, dropped);
    }

    /** Hands the merged connection on when it matched. */
    private static void emit(ConnectionMerge m, SortedSpill<ConnectionPiece> found) throws IOException {
        ConnectionPiece p = m.matched();
        if (p != null) {
            found.add(p);
        }
    }
}
