package org.unveil.stream.job;

import java.nio.charset.StandardCharsets;
import java.util.Properties;
import java.util.function.UnaryOperator;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.serialization.SerializationSchema;
import org.apache.flink.api.common.serialization.SimpleStringSchema;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.connector.kafka.source.split.KafkaPartitionSplit;
import org.apache.flink.core.execution.CheckpointingMode;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.unveil.scan.Ipv4;
import org.unveil.stream.RecordCodec;
import org.unveil.stream.ScanResult;
import org.unveil.stream.pg.PgStore;

/**
 * The scan job: results topic → parse → enrich (country, AS) → enriched topic (exactly-once, Kafka transactions)
 * and → fold per (scan, address, port) and per-scan totals → PostgreSQL (idempotent upserts of checkpointed state).
 * The same graph runs under `flink run` (the job jar's main, {@link ScanJobMain}) and in `scan pipeline`'s
 * MiniCluster.
 */
public final class ScanJob {
    /** The job's name in Flink's UI and logs. */
    public static final String NAME = "unveil scan stream";

    private ScanJob() {
    }

    /**
     * Makes the store's tables (here, once: PostgreSQL's CREATE TABLE IF NOT EXISTS races when the sinks' writers
     * all run it at once) and adds the job to {@code env}. {@code between} sits between enrichment and the fold;
     * the identity in use, a fault in the restart tests.
     */
    public static void define(StreamExecutionEnvironment env, JobOptions o,
            UnaryOperator<DataStream<EnrichedResult>> between) throws PgStore.PgFailed, java.sql.SQLException {
        PgStore.open(o.store()).close();
        env.enableCheckpointing(o.checkpointMillis(), CheckpointingMode.EXACTLY_ONCE);
        String geoVersion = Enrich.version(o.geoFile());
        var source = KafkaSource.<String>builder()
                .setBootstrapServers(o.brokers())
                .setTopics(o.topic())
                .setGroupId(GROUP)
                // a fresh job re-reads the whole topic: its fold state starts empty, so it must see every response;
                // a restored one goes on from its checkpoint's offsets whatever this says
                .setStartingOffsets(OffsetsInitializer.earliest())
                .setValueOnlyDeserializer(new SimpleStringSchema());
        Source<String, ?, ?> results;
        if (o.bounded()) {
            KafkaSource<String> kafka = source.setBounded(OffsetsInitializer.latest()).build();
            // a bounded run restored from a checkpoint must end too (its readers are told so; see the class)
            results = new RestorableBoundedSource<>(kafka, kafka.getProducedType(), ScanJob::toLatest);
        } else {
            results = source.build();
        }
        SingleOutputStreamOperator<ScanResult> parsed = env
                .fromSource(results, WatermarkStrategy.noWatermarks(), "results topic")
                .process(new ParseRecords()).name("parse");
        DataStream<EnrichedResult> enriched = parsed.map(new Enrich(o.geoFile())).name("enrich");

        enriched.sinkTo(enrichedSink(o)).name("enriched topic");

        SingleOutputStreamOperator<ResultRow> rows = between.apply(enriched)
                .keyBy(FoldResults::key).process(new FoldResults()).name("fold");
        rows.sinkTo(new UpsertSink<>(o.store(), new ResultsTable(), geoVersion)).name("results table");
        rows.getSideOutput(FoldResults.TOTALS).keyBy(ScanTotals::scan).reduce(ScanTotals::add).name("totals")
                .sinkTo(new UpsertSink<>(o.store(), new TotalsTable(), geoVersion)).name("totals table");
        parsed.getSideOutput(ParseRecords.HEADERS)
                .sinkTo(new UpsertSink<>(o.store(), new ScansTable(), geoVersion)).name("scans table");
    }

    private static KafkaSink<EnrichedResult> enrichedSink(JobOptions o) {
        Properties producer = new Properties();
        // within the broker's transaction.max.timeout.ms (15 min by default), longer than any checkpoint takes
        producer.setProperty("transaction.timeout.ms", "600000");
        return KafkaSink.<EnrichedResult>builder()
                .setBootstrapServers(o.brokers())
                .setKafkaProducerConfig(producer)
                .setRecordSerializer(KafkaRecordSerializationSchema.<EnrichedResult>builder()
                        .setTopic(o.enrichedTopic())
                        .setKeySerializationSchema(new AddressKey())
                        .setValueSerializationSchema(new EnrichedJson())
                        .build())
                .setDeliveryGuarantee(DeliveryGuarantee.EXACTLY_ONCE)
                .setTransactionalIdPrefix("unveil-scan-" + o.enrichedTopic())
                .build();
    }

    /**
     * A split that ends where the topic ends when its reader takes it up, if it had no end: one restored from the
     * checkpoint of an unbounded run, resumed by a bounded one.
     */
    private static KafkaPartitionSplit toLatest(KafkaPartitionSplit split) {
        return split.getStoppingOffset().isPresent() ? split
                : new KafkaPartitionSplit(split.getTopicPartition(), split.getStartingOffset(),
                        KafkaPartitionSplit.LATEST_OFFSET);
    }

    /** The enriched topic's key: the address, as on the results topic. */
    static final class AddressKey implements SerializationSchema<EnrichedResult> {
        @Override
        public byte[] serialize(EnrichedResult e) {
            return Ipv4.format(e.result().address()).getBytes(StandardCharsets.UTF_8);
        }
    }

    /** The enriched topic's value (schema v1, kind enriched). */
    static final class EnrichedJson implements SerializationSchema<EnrichedResult> {
        @Override
        public byte[] serialize(EnrichedResult e) {
            return RecordCodec.encode(e.result(), e.country(), e.asn()).getBytes(StandardCharsets.UTF_8);
        }
    }

    /** The consumer group the job's source commits its offsets under when a checkpoint completes. */
    static final String GROUP = "unveil-scan-job";
}
