package org.unveil.stream;

import java.util.Properties;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.serialization.StringSerializer;
import org.unveil.scan.Ipv4;
import org.unveil.scan.ingest.Response;
import org.unveil.scan.ingest.ResponseSink;

/**
 * Publishes one scan's responses to the results topic as they are read: keyed by address (so that one address's
 * responses stay in order on one partition), through an idempotent producer (a retried send is written once).
 * Sends are asynchronous; the first failure is kept and ends the run at the next response or at {@link #close}.
 */
public final class KafkaPublisher implements ResponseSink, AutoCloseable {
    private final KafkaProducer<String, String> producer;
    private final String topic;
    private final String brokers;
    private final String scan;
    private final int shard;
    private final AtomicReference<Exception> failure = new AtomicReference<>();
    private long seq;

    /** A send failed; the message is plain words. */
    public static final class PublishFailed extends RuntimeException {
        PublishFailed(String message, Throwable cause) {
            super(message, cause, false, false);
        }
    }

    /**
     * A publisher of shard {@code shard} of scan {@code scan} on {@code topic}. Its header goes last, by
     * {@link #finish}, when the format read is known: the job files results that come before it all the same.
     */
    public KafkaPublisher(String brokers, String topic, String scan, int shard) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, brokers);
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        // batches of many small records: what lets one producer publish hundreds of thousands a second
        p.put(ProducerConfig.LINGER_MS_CONFIG, 20);
        p.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
        p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 20_000);
        p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 60_000);
        // One request in flight a partition's connection: with several, a first batch refused by a partition the
        // broker has not taken up yet (NOT_LEADER_OR_FOLLOWER) while the next one is written leaves the first one
        // retried as out of sequence until it expires, its records lost (KAFKA-15591, fixed only in later
        // brokers; two of four stream tests lost records so here). Batches of 256 KiB keep the rate up.
        p.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 1);
        this.producer = new KafkaProducer<>(p, new StringSerializer(), new StringSerializer());
        this.topic = topic;
        this.brokers = brokers;
        this.scan = scan;
        this.shard = shard;
    }

    @Override
    public void accept(Response r) {
        send(Ipv4.format(r.address()), RecordCodec.encode(new ScanResult(scan, shard, seq++, r.address(), r.port(),
                r.classification(), r.success(), r.repeat(), r.ttl(), r.window(), r.seenMicros())));
    }

    /** Sends the scan's header, keyed by the scan's name (it must be this publisher's scan and shard). */
    public void finish(ScanHeader header) {
        if (!header.scan().equals(scan) || header.shard() != shard) {
            throw new IllegalArgumentException("the header of another scan or shard");
        }
        send(scan, RecordCodec.encode(header));
    }

    /** How many responses were handed to the producer. */
    public long published() {
        return seq;
    }

    private void send(String key, String value) {
        check();
        try {
            producer.send(new ProducerRecord<>(topic, key, value), (meta, e) -> {
                if (e != null) {
                    failure.compareAndSet(null, e);
                }
            });
        } catch (KafkaException e) {
            throw new PublishFailed("cannot publish to " + topic + " at " + brokers + ": " + e.getMessage(), e);
        }
    }

    private void check() {
        Exception e = failure.get();
        if (e != null) {
            throw new PublishFailed("Kafka at " + brokers + " did not take a record for " + topic + ": "
                    + e.getMessage(), e);
        }
    }

    /** Waits until every record is acknowledged, then closes; throws if any was not. */
    @Override
    public void close() {
        try {
            producer.flush();
        } finally {
            producer.close();
        }
        check();
    }
}
