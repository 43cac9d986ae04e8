package org.unveil.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.UnaryOperator;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.api.common.state.CheckpointListener;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.unveil.scan.Scans;
import org.unveil.scan.geo.GeoFile;
import org.unveil.scan.geo.GeoTable;
import org.unveil.scan.ingest.Format;
import org.unveil.scan.ingest.Ingest;
import org.unveil.scan.report.Reporter;
import org.unveil.scan.report.ScanReport;
import org.unveil.scan.store.ScanStore;
import org.unveil.scan.synth.SyntheticScan;
import org.unveil.stream.job.EnrichedResult;
import org.unveil.stream.job.JobOptions;
import org.unveil.stream.job.LocalPipeline;
import org.unveil.stream.pg.PgStore;

/**
 * The stream end to end on real parts: a Kafka broker in KRaft mode (child JVM), the Flink job in a MiniCluster, a
 * private PostgreSQL. The reference is the embedded path (ingest into DuckDB) on the same file: the PostgreSQL
 * store must hold the same rows and give the same report, also when a task fails mid-stream and restores.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ScanStreamSystemTest {
    static final String NAME = "stream-synth";
    /** About 3.4 M addresses: at a hit rate of 0.2, with repeats and RSTs, over a million responses (the 1 M). */
    static final List<long[]> TARGETS = List.of(new long[] {0x08000000L, 0x0819ffffL},
            new long[] {0xC6336400L, 0xC63364ffL}, new long[] {0x5A000000L, 0x5A19ffffL});

    @TempDir
    static Path dir;

    private GeoTable geo;
    private Postgres pg;
    private KafkaBroker kafka;
    private String scanText;
    private long responses;
    private ScanReport expected;
    private Rows expectedRows;

    @BeforeAll
    void start() throws Exception {
        var bin = Postgres.binaries();
        assumeTrue(bin.isPresent(), "PostgreSQL's server is not installed (Debian postgresql); scripts/test installs it");
        geo = GeoFile.shipped();
        scanText = scanWithRepeats();
        pg = new Postgres(bin.get());
        kafka = new KafkaBroker(Files.createDirectories(dir.resolve("kafka")));
        try (ScanStore duck = ScanStore.open(dir.resolve("reference.duckdb"))) {
            Scans.Ingested in = Scans.ingest(duck, geo, NAME, "synth.csv", reader(), Format.ZMAP_CSV, "tcp_synscan",
                    80, TARGETS, 5);
            responses = in.read().responses();
            expected = Reporter.report(duck, duck.scan(NAME).orElseThrow(), geo);
            expectedRows = rows(duck.connection(), duck.scan(NAME).orElseThrow().id());
        }
        assertThat(responses).isGreaterThanOrEqualTo(1_000_000);
    }

    @AfterAll
    void stop() throws Exception {
        if (kafka != null) {
            kafka.close();
        }
        if (pg != null) {
            pg.close();
        }
    }

    /**
     * A synthetic zmap file with what the fold must get right: zmap's repeats of a line, and an RST before a
     * SYN-ACK of the same address and port (the SYN-ACK's row must win, as in the embedded store).
     */
    private String scanWithRepeats() throws IOException {
        StringWriter synth = new StringWriter();
        SyntheticScan.write(geo, new SyntheticScan.Options(TARGETS, 0.2, 80, 17), synth);
        StringBuilder out = new StringBuilder();
        int n = 0;
        for (String line : synth.toString().split("\n")) {
            n++;
            String[] f = line.split(",");
            if (n > 1 && n % 7 == 0 && f[3].equals("1")) {
                out.append(f[0]).append(',').append(f[1]).append(",rst,0,0,").append(f[5]).append(",0\n");
            }
            out.append(line).append('\n');
            if (n > 1 && n % 11 == 0) {
                out.append(f[0]).append(',').append(f[1]).append(',').append(f[2]).append(',').append(f[3])
                        .append(",1,").append(f[5]).append(',').append(f[6]).append('\n');
            }
        }
        return out.toString();
    }

    private InputStream reader() {
        return new ByteArrayInputStream(scanText.getBytes(StandardCharsets.UTF_8));
    }

    private void publish(String topic) throws Exception {
        Topics.ensure(kafka.bootstrap(), topic, Topics.PARTITIONS);
        try (KafkaPublisher p = new KafkaPublisher(kafka.bootstrap(), topic, NAME, 0)) {
            Ingest.Result read = Ingest.read(reader(), "synth.csv", null, p, 5);
            p.finish(ScanHeader.of(NAME, 0, "tcp_synscan", 80, "synth.csv", read.format().label(), -1, TARGETS));
            assertThat(p.published()).isEqualTo(responses);
        }
    }

    private JobOptions options(String topic, String db, long checkpointMillis) {
        return new JobOptions(kafka.bootstrap(), topic, topic + ".enriched", pg.url(db), null, true, checkpointMillis,
                2, null);
    }

    @Test
    void kafkaFlinkPostgresqlEqualsTheEmbeddedStore() throws Exception {
        pg.createDatabase("e2e");
        publish("e2e");
        long cpu = cpuNanos();
        long t0 = System.nanoTime();
        JobExecutionResult r = LocalPipeline.run(options("e2e", "e2e", 2_000), UnaryOperator.identity());
        double seconds = (System.nanoTime() - t0) / 1e9;
        System.out.printf("pipeline: %d responses in %.1f s wall (%.0f records/s), job %d ms, this JVM's CPU %.1f s%n",
                responses, seconds, responses / seconds, r.getNetRuntime(), (cpuNanos() - cpu) / 1e9);
        assertStoredOnceEach("e2e");
    }

    @Test
    void aTaskThatFailsAfterACheckpointRestoresAndCountsNothingTwice() throws Exception {
        pg.createDatabase("fault");
        publish("fault");
        FailOnce.failed.set(false);
        LocalPipeline.run(options("fault", "fault", 300), s -> s.map(new FailOnce()).name("fail once"));
        assertThat(FailOnce.failed).as("the injected failure happened").isTrue();
        assertStoredOnceEach("fault");
    }

    @Test
    void theBrokerStoppedAndRestartedMidStreamLosesNothingAndCountsNothingTwice() throws Exception {
        Paced.Run run = faultMidStream("broker", () -> {
            kafka.stop();
            Thread.sleep(1_000);
            kafka.start();
        });
        System.out.printf("broker restart: task starts %d (2 without a restart), %d records after it%n",
                run.opened(), run.afterFault());
        assertStoredOnceEach("broker");
    }

    @Test
    void postgresqlStoppedAndRestartedMidStreamLosesNothingAndCountsNothingTwice() throws Exception {
        Paced.Run run = faultMidStream("pgrestart", () -> {
            pg.stop();
            Thread.sleep(2_000);
            pg.start();
        });
        System.out.printf("PostgreSQL restart: task starts %d (2 without a restart), %d records after it%n",
                run.opened(), run.afterFault());
        assertThat(run.opened()).as("the sinks failed while PostgreSQL was away and the tasks restarted")
                .isGreaterThan(2);
        assertStoredOnceEach("pgrestart");
    }

    /** A fault of the surroundings, not of the job. */
    @FunctionalInterface
    interface Fault {
        void happen() throws Exception;
    }

    /**
     * Publishes to topic {@code name}, runs the job into database {@code name} with the stream paced, and makes
     * the fault happen once a checkpoint has completed and more records passed; the job must still finish.
     */
    private Paced.Run faultMidStream(String name, Fault fault) throws Exception {
        pg.createDatabase(name);
        publish(name);
        Paced.Run run = Paced.begin();
        ExecutorService job = Executors.newSingleThreadExecutor();
        try {
            Future<JobExecutionResult> done = job.submit(
                    () -> LocalPipeline.run(options(name, name, 300), s -> s.map(new Paced()).name("paced")));
            assertThat(run.ready().await(120, TimeUnit.SECONDS)).as("a checkpoint completed mid-stream").isTrue();
            fault.happen();
            run.over().set(true);
            done.get(5, TimeUnit.MINUTES);
        } finally {
            job.shutdownNow();
        }
        assertThat(run.afterFault()).as("records were still flowing when the fault was over").isPositive();
        return run;
    }

    /** The run into database and topic {@code db} lost nothing and counted nothing twice, in both outputs. */
    private void assertStoredOnceEach(String db) throws Exception {
        assertStoreEqualsReference(db);
        assertThat(committed(db + ".enriched")).as("exactly once into the enriched topic").isEqualTo(responses);
    }

    private void assertStoreEqualsReference(String db) throws Exception {
        try (Connection c = PgStore.connect(pg.url(db))) {
            var info = org.unveil.scan.store.ScanStore.scan(c, NAME).orElseThrow();
            assertThat(rows(c, info.id())).isEqualTo(expectedRows);
            assertThat(Reporter.report(c, info, geo)).isEqualTo(expected);
            try (Statement s = c.createStatement();
                    ResultSet t = s.executeQuery("SELECT responses, rows, responders FROM scan_totals")) {
                assertThat(t.next()).isTrue();
                assertThat(t.getLong(1)).isEqualTo(responses);
                assertThat(t.getLong(2)).isEqualTo(expectedRows.count());
                assertThat(t.getLong(3)).isEqualTo(expected.scan().responders());
            }
        }
    }

    /** A scan's rows, counted and digested: a million rows as text would hold a third of the test's heap. */
    record Rows(long count, String sha256) {
    }

    /** Every row of a scan, as text, in key order, counted and digested: the same SQL on DuckDB and PostgreSQL. */
    static Rows rows(Connection c, long scan) throws SQLException, NoSuchAlgorithmException {
        MessageDigest digest = MessageDigest.getInstance("SHA-256");
        long count = 0;
        try (var p = c.prepareStatement("SELECT address, port, classification, success, responses, ttl, tcp_window,"
                + " seen, country, asn FROM results WHERE scan = ? ORDER BY address, port")) {
            p.setLong(1, scan);
            try (ResultSet r = p.executeQuery()) {
                while (r.next()) {
                    StringBuilder sb = new StringBuilder();
                    for (int i = 1; i <= 10; i++) {
                        Object v = i == 8 ? r.getTimestamp(i) : r.getObject(i);
                        sb.append(v == null ? "null" : v instanceof Number n ? Long.toString(n.longValue()) : v)
                                .append('|');
                    }
                    digest.update(sb.append('\n').toString().getBytes(StandardCharsets.UTF_8));
                    count++;
                }
            }
        }
        return new Rows(count, HexFormat.of().formatHex(digest.digest()));
    }

    /** How many records the enriched topic holds in committed transactions. */
    private long committed(String topic) {
        return kafka.committed(topic, value -> assertThat(value).contains("\"kind\":\"enriched\""));
    }

    private static long cpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
                .getOperatingSystemMXBean()).getProcessCpuTime();
    }

    /**
     * Paces the stream (1 ms per 5 records a task) until the test's fault is over, so that the fault falls
     * mid-stream whatever the machine's speed, and says when: a checkpoint completed and 2,000 records passed.
     * Counts its task starts (a restart opens it again) and the records after the fault.
     */
    static final class Paced extends RichMapFunction<EnrichedResult, EnrichedResult> implements CheckpointListener {
        /** What one run's tasks tell the test (static: the MiniCluster's tasks are copies of this function). */
        record Run(CountDownLatch ready, AtomicBoolean over, AtomicLong after, AtomicInteger starts) {
            long afterFault() {
                return after.get();
            }

            int opened() {
                return starts.get();
            }
        }

        static volatile Run run;
        private transient volatile boolean checkpointed;
        private transient long seen;
        private transient long afterCheckpoint;

        static Run begin() {
            run = new Run(new CountDownLatch(1), new AtomicBoolean(), new AtomicLong(), new AtomicInteger());
            return run;
        }

        @Override
        public void open(org.apache.flink.api.common.functions.OpenContext context) {
            run.starts().incrementAndGet();
        }

        @Override
        public EnrichedResult map(EnrichedResult e) throws InterruptedException {
            Run r = run;
            if (r.over().get()) {
                r.after().incrementAndGet();
                return e;
            }
            if (++seen % 5 == 0) {
                Thread.sleep(1);
            }
            if (checkpointed && ++afterCheckpoint > 2000) {
                r.ready().countDown();
            }
            return e;
        }

        @Override
        public void notifyCheckpointComplete(long checkpointId) {
            checkpointed = true;
        }
    }

    /**
     * Throws once, after a checkpoint has completed and a thousand more records passed; until then it slows the
     * stream (1 ms per 20 records) so that the failure falls mid-stream whatever the machine's speed.
     */
    static final class FailOnce extends RichMapFunction<EnrichedResult, EnrichedResult> implements CheckpointListener {
        static final AtomicBoolean failed = new AtomicBoolean();
        private transient volatile boolean checkpointed;
        private long after;
        private long seen;

        @Override
        public EnrichedResult map(EnrichedResult e) throws InterruptedException {
            if (!failed.get()) {
                if (++seen % 20 == 0) {
                    Thread.sleep(1);
                }
                if (checkpointed && ++after > 1000 && failed.compareAndSet(false, true)) {
                    throw new IllegalStateException("injected failure");
                }
            }
            return e;
        }

        @Override
        public void notifyCheckpointComplete(long checkpointId) {
            checkpointed = true;
        }
    }
}
