package org.unveil.stream;

import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.errors.TopicExistsException;

/** Makes the topics a scan stream uses, so that their partition count is chosen, not the broker's default. */
public final class Topics {
    /** The results topic when none is named. */
    public static final String RESULTS = "unveil.scan.results";
    /** The enriched topic when none is named. */
    public static final String ENRICHED = "unveil.scan.enriched";
    /** Partitions of a topic made here: the job's parallelism can grow to this many readers. */
    public static final int PARTITIONS = 4;

    private Topics() {
    }

    /** Kafka could not be reached or refused; the message is plain words. */
    public static final class Unreachable extends Exception {
        Unreachable(String message, Throwable cause) {
            super(message, cause, false, false);
        }
    }

    /** How long a new topic's partitions may take to get their leaders. */
    private static final long LEADERS_NANOS = 20_000_000_000L;

    /**
     * Creates {@code topic} with {@code partitions} on {@code brokers} unless it exists, and returns once every
     * partition has a leader: an idempotent producer whose first batch meets a partition still without one
     * (NOT_LEADER_OR_FOLLOWER) can be left failing every later batch as out of sequence until it times out
     * (seen in the stream tests: a minute without a record taken, one run in a few).
     */
    public static void ensure(String brokers, String topic, int partitions) throws Unreachable {
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, brokers);
        p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 15_000);
        p.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
        try (Admin admin = Admin.create(p)) {
            try {
                admin.createTopics(List.of(new NewTopic(topic, partitions, (short) 1).configs(Map.of())))
                        .all().get(20, TimeUnit.SECONDS);
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw e;
                }
            }
            awaitLeaders(admin, brokers, topic);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof org.apache.kafka.common.errors.TimeoutException) {
                // the admin client's own timeout: no broker took the connection (its words name its internals)
                throw new Unreachable("no Kafka broker answered at " + brokers + " within 15 s", e);
            }
            throw new Unreachable("Kafka at " + brokers + " did not create topic " + topic + ": "
                    + e.getCause().getMessage(), e);
        } catch (TimeoutException e) {
            throw new Unreachable("no Kafka broker answered at " + brokers + " within 20 s", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Unreachable("interrupted while creating topic " + topic, e);
        }
    }

    private static void awaitLeaders(Admin admin, String brokers, String topic)
            throws ExecutionException, TimeoutException, InterruptedException, Unreachable {
        long deadline = System.nanoTime() + LEADERS_NANOS;
        while (true) {
            TopicDescription d = admin.describeTopics(List.of(topic)).allTopicNames().get(20, TimeUnit.SECONDS)
                    .get(topic);
            if (d != null && d.partitions().stream().allMatch(p -> p.leader() != null && !p.leader().isEmpty())) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new Unreachable("Kafka at " + brokers + " gave topic " + topic
                        + " no leader for every partition within 20 s", null);
            }
            Thread.sleep(100);
        }
    }
}
