package org.unveil.stream.job;

import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Keyed by scan and address: folds each response into its (address, port) row and sends the row as it now stands;
 * to {@link #TOTALS} it sends the increments of the scan's totals (a new row, an address that starts answering).
 * The rows live in checkpointed state, so after a restore the replayed responses make the same rows again.
 */
final class FoldResults extends KeyedProcessFunction<String, EnrichedResult, ResultRow> {
    static final OutputTag<ScanTotals> TOTALS = new OutputTag<>("totals") { };

    private transient MapState<Integer, ResultRow> rows;

    /** The key: one address of one scan. */
    static String key(EnrichedResult e) {
        return e.result().scan() + '\u0000' + e.result().address();
    }

    @Override
    public void open(OpenContext context) {
        rows = getRuntimeContext().getMapState(new MapStateDescriptor<>("rows", Integer.class, ResultRow.class));
    }

    @Override
    public void processElement(EnrichedResult e, Context ctx, Collector<ResultRow> out) throws Exception {
        boolean answeredBefore = false;
        for (ResultRow r : rows.values()) {
            answeredBefore |= r.success();
        }
        int port = e.result().port();
        ResultRow old = rows.get(port);
        ResultRow now = old == null ? ResultRow.first(e) : old.with(e);
        rows.put(port, now);
        out.collect(now);
        ctx.output(TOTALS, new ScanTotals(e.result().scan(), 1, old == null ? 1 : 0,
                !answeredBefore && now.success() ? 1 : 0));
    }
}
