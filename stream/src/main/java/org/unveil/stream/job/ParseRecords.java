package org.unveil.stream.job;

import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;
import org.unveil.stream.RecordCodec;
import org.unveil.stream.ScanHeader;
import org.unveil.stream.ScanResult;

/**
 * Reads the results topic's records: results go on, scan headers to {@link #HEADERS}; a record that is not schema v1
 * is counted (metric {@code badRecords}) and dropped, so one bad producer cannot stop the job.
 */
final class ParseRecords extends ProcessFunction<String, ScanResult> {
    static final OutputTag<ScanHeader> HEADERS = new OutputTag<>("headers") { };

    private transient Counter bad;

    @Override
    public void open(OpenContext context) {
        bad = getRuntimeContext().getMetricGroup().counter("badRecords");
    }

    @Override
    public void processElement(String value, Context ctx, Collector<ScanResult> out) {
        try {
            RecordCodec.Decoded d = RecordCodec.decode(value);
            if (d.result() != null) {
                out.collect(d.result());
            } else {
                ctx.output(HEADERS, d.header());
            }
        } catch (RecordCodec.BadRecord e) {
            bad.inc();
        }
    }
}
