package org.unveil.stream;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

/**
 * A real Kafka broker (the distribution's kafka.Kafka from kafka_2.13) in KRaft mode, broker and controller in one
 * child JVM on 127.0.0.1, its log in a temporary folder; it can be stopped and started again on the same data.
 */
public final class KafkaBroker implements AutoCloseable {
    private final Path dir;
    private final Path config;
    private final int port;
    private Process process;

    public KafkaBroker(Path dir) throws IOException, InterruptedException {
        this.dir = dir;
        this.port = freePort();
        int controller = freePort();
        Properties p = new Properties();
        p.setProperty("process.roles", "broker,controller");
        p.setProperty("node.id", "1");
        p.setProperty("controller.quorum.voters", "1@127.0.0.1:" + controller);
        p.setProperty("listeners", "PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controller);
        p.setProperty("advertised.listeners", "PLAINTEXT://127.0.0.1:" + port);
        p.setProperty("controller.listener.names", "CONTROLLER");
        p.setProperty("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        p.setProperty("log.dirs", dir.resolve("data").toString());
        p.setProperty("offsets.topic.replication.factor", "1");
        p.setProperty("transaction.state.log.replication.factor", "1");
        p.setProperty("transaction.state.log.min.isr", "1");
        p.setProperty("share.coordinator.state.topic.replication.factor", "1");
        p.setProperty("share.coordinator.state.topic.min.isr", "1");
        p.setProperty("group.initial.rebalance.delay.ms", "0");
        p.setProperty("num.partitions", "4");
        this.config = dir.resolve("server.properties");
        try (var out = Files.newBufferedWriter(config)) {
            p.store(out, "unveil test broker");
        }
        Process format = java("kafka.tools.StorageTool", "format", "-t", UUID.randomUUID().toString()
                .replace("-", "").substring(0, 22), "-c", config.toString()).start();
        if (!format.waitFor(60, TimeUnit.SECONDS) || format.exitValue() != 0) {
            throw new IOException("kafka storage format failed: " + Files.readString(dir.resolve("format.log")));
        }
        start();
    }

    private ProcessBuilder java(String main, String... args) {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m", "-cp", System.getProperty("java.class.path"), main));
        cmd.addAll(List.of(args));
        return new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(dir.resolve(main.equals("kafka.Kafka") ? "broker.log" : "format.log").toFile());
    }

    /** Starts the broker and waits until it answers. */
    public void start() throws IOException, InterruptedException {
        process = java("kafka.Kafka", config.toString()).redirectOutput(
                ProcessBuilder.Redirect.appendTo(dir.resolve("broker.log").toFile())).start();
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap());
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        try (Admin admin = Admin.create(p)) {
            while (true) {
                try {
                    admin.describeCluster().nodes().get(5, TimeUnit.SECONDS);
                    return;
                } catch (Exception e) {
                    if (!process.isAlive() || System.nanoTime() > until) {
                        throw new IOException("the Kafka broker did not start; see " + dir.resolve("broker.log"), e);
                    }
                    Thread.sleep(500);
                }
            }
        }
    }

    /** Stops the broker (SIGTERM, a clean shutdown). */
    public void stop() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroy();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        }
    }

    /** The broker's process id (for its CPU time in the benchmark). */
    public long pid() {
        return process.pid();
    }

    public String bootstrap() {
        return "127.0.0.1:" + port;
    }

    @Override
    public void close() throws InterruptedException {
        stop();
    }

    /**
     * The records of {@code topic} that transactions committed (read_committed), each checked by {@code each}:
     * what an exactly-once writer left there.
     */
    public long committed(String topic, java.util.function.Consumer<String> each) {
        Properties p = new Properties();
        p.put(org.apache.kafka.clients.consumer.ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap());
        p.put(org.apache.kafka.clients.consumer.ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        var strings = new org.apache.kafka.common.serialization.StringDeserializer();
        try (var c = new org.apache.kafka.clients.consumer.KafkaConsumer<>(p, strings, strings)) {
            List<org.apache.kafka.common.TopicPartition> parts = c.partitionsFor(topic).stream()
                    .map(i -> new org.apache.kafka.common.TopicPartition(topic, i.partition())).toList();
            c.assign(parts);
            c.seekToBeginning(parts);
            var end = new java.util.HashMap<>(c.endOffsets(parts));
            long n = 0;
            while (parts.stream().anyMatch(tp -> c.position(tp) < end.get(tp))) {
                for (var rec : c.poll(java.time.Duration.ofSeconds(1))) {
                    each.accept(rec.value());
                    n++;
                }
            }
            return n;
        }
    }

    public static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
