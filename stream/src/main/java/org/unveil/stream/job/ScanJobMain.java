package org.unveil.stream.job;

import java.util.function.UnaryOperator;
import org.apache.flink.util.ParameterTool;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.unveil.stream.Topics;

/**
 * The job jar's entry point for {@code flink run}: {@code --brokers B --store postgresql://… [--topic T]
 * [--enriched-topic T] [--geo F] [--checkpoint-ms N] [--until-end]}; parallelism and checkpoint storage are the
 * cluster's (flink run -p, flink-conf).
 */
public final class ScanJobMain {
    private ScanJobMain() {
    }

    /** Submits the job to the cluster {@code flink run} names. */
    public static void main(String[] args) throws Exception {
        ParameterTool p = ParameterTool.fromArgs(args);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        JobOptions o = new JobOptions(p.getRequired("brokers"), p.get("topic", Topics.RESULTS),
                p.get("enriched-topic", Topics.ENRICHED), p.getRequired("store"), p.get("geo"), p.has("until-end"),
                p.getLong("checkpoint-ms", 10_000), env.getParallelism(), null);
        ScanJob.define(env, o, UnaryOperator.identity());
        env.execute(ScanJob.NAME);
    }
}
