package org.unveil.stream.capture;

import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.functions.MapPartitionFunction;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.windowing.ProcessAllWindowFunction;
import org.apache.flink.streaming.api.windowing.assigners.GlobalWindows;
import org.apache.flink.streaming.api.windowing.windows.GlobalWindow;
import org.apache.flink.util.Collector;
import org.unveil.trace.ConnectionMerge;
import org.unveil.trace.ConnectionPiece;
import org.unveil.trace.TracedConnection;

/**
 * `unveil trace` as a Flink job over many captures: the parts of every file (split at record boundaries by the
 * capture pipeline, as the parallel reader splits them) traced on the task slots, each connection's pieces
 * gathered by 5-tuple and folded in input order by the one-machine merge ({@link ConnectionMerge}), and the
 * matching connections sorted as the command prints them (first time, then 5-tuple) in one last task: the
 * output is the single-process command's.
 *
 * <p>Memory: a connection's pieces are held together while it is merged (one piece a part it appears in); the
 * last task holds the matching connections (about 200 bytes each) to sort them.
 */
public final class TraceJob {
    /** The job's name in Flink's UI and logs. */
    public static final String NAME = "unveil trace";

    private TraceJob() {
    }

    /**
     * Adds the job to {@code env}: {@code parts} (from {@link CaptureJobs#plan}) traced with {@code spec}, through
     * packets {@code bpf} keeps (null: all), and returns the matching connections in the command's order, from
     * one task.
     */
    public static DataStream<TracedConnection> define(StreamExecutionEnvironment env, List<FilePart> parts,
            QuerySpec spec, String bpf, CaptureJobs.Options options) {
        return env.fromData(parts).name("capture parts")
                .rebalance()
                .flatMap(new TraceParts(spec, bpf, options.minPart(), options.memoryBytes())).name("trace parts")
                .keyBy(p -> p.piece().key())
                .fullWindowPartition()
                .mapPartition(new MergeConnection()).name("merge by 5-tuple")
                .windowAll(GlobalWindows.createWithEndOfStreamTrigger())
                .process(new SortConnections()).name("sort");
    }

    /** One connection's pieces, folded in input order; the connection handed on when it matched. */
    static final class MergeConnection implements MapPartitionFunction<TracedPiece, ConnectionPiece> {
        @Override
        public void mapPartition(Iterable<TracedPiece> pieces, Collector<ConnectionPiece> out) {
            List<TracedPiece> all = new ArrayList<>();
            pieces.forEach(all::add);
            all.sort(TracedPiece.INPUT_ORDER);
            ConnectionMerge merge = new ConnectionMerge();
            for (TracedPiece p : all) {
                merge.add(p.piece());
            }
            ConnectionPiece matched = merge.matched();
            if (matched != null) {
                out.collect(matched);
            }
        }
    }

    /** The matching connections in the command's order: first time, then 5-tuple. */
    static final class SortConnections
            extends ProcessAllWindowFunction<ConnectionPiece, TracedConnection, GlobalWindow> {
        @Override
        public void process(Context context, Iterable<ConnectionPiece> found, Collector<TracedConnection> out) {
            List<ConnectionPiece> all = new ArrayList<>();
            found.forEach(all::add);
            all.sort(ConnectionMerge.OUTPUT_ORDER);
            for (ConnectionPiece p : all) {
                out.collect(ConnectionMerge.connection(p));
            }
        }
    }
}
