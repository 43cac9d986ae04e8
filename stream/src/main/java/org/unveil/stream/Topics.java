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

    /** Creates {@code topic} with {@code partitions} on {@code brokers} unless it exists. */
    public static void ensure(String brokers, String topic, int partitions) throws Unreachable {
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, brokers);
        p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 15_000);
        p.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
        try (Admin admin = Admin.create(p)) {
            admin.createTopics(List.of(new NewTopic(topic, partitions, (short) 1).configs(Map.of())))
                    .all().get(20, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof org.apache.kafka.common.errors.TimeoutException) {
                // the admin client's own timeout: no broker took the connection (its words name its internals)
                throw new Unreachable("no Kafka broker answered at " + brokers + " within 15 s", e);
            }
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw new Unreachable("Kafka at " + brokers + " did not create topic " + topic + ": "
                        + e.getCause().getMessage(), e);
            }
        } catch (TimeoutException e) {
            throw new Unreachable("no Kafka broker answered at " + brokers + " within 20 s", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Unreachable("interrupted while creating topic " + topic, e);
        }
    }
}
