package org.unveil.stream.job;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/** How far the job's source has come through a topic, as the broker knows it (offsets committed at checkpoints). */
final class TopicProgress {
    private TopicProgress() {
    }

    /** Each partition's end offset of {@code topic} now. */
    static Map<TopicPartition, Long> endOffsets(String brokers, String topic) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, brokers))) {
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            for (var p : admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions()) {
                latest.put(new TopicPartition(topic, p.partition()), OffsetSpec.latest());
            }
            Map<TopicPartition, Long> end = new HashMap<>();
            admin.listOffsets(latest).all().get().forEach((tp, info) -> end.put(tp, info.offset()));
            return end;
        }
    }

    /** Whether the job's committed offsets have reached {@code end} on every partition. */
    static boolean committedReach(String brokers, Map<TopicPartition, Long> end) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, brokers))) {
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(ScanJob.GROUP)
                    .partitionsToOffsetAndMetadata().get();
            for (Map.Entry<TopicPartition, Long> e : end.entrySet()) {
                OffsetAndMetadata c = committed.get(e.getKey());
                if (e.getValue() > 0 && (c == null || c.offset() < e.getValue())) {
                    return false;
                }
            }
            return true;
        }
    }
}
