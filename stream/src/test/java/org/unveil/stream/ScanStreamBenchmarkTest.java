package org.unveil.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.InputStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.unveil.scan.geo.GeoFile;
import org.unveil.scan.geo.GeoTable;
import org.unveil.scan.ingest.Ingest;
import org.unveil.scan.synth.SyntheticScan;
import org.unveil.stream.job.JobOptions;
import org.unveil.stream.job.LocalPipeline;
import org.unveil.stream.pg.PgStore;

/**
 * Throughput of the stream on this machine (-Dunveil.bench=true; -Dunveil.bench.parallelism=N, default 2): a
 * synthetic scan of about a million responses published, then the job from the results topic into PostgreSQL.
 * Prints records a second and the CPU time of each part: this JVM (the MiniCluster), the broker's JVM and the
 * PostgreSQL server with its backends.
 */
class ScanStreamBenchmarkTest {
    @TempDir
    Path dir;

    @Test
    void kafkaFlinkPostgresqlThroughput() throws Exception {
        assumeTrue(Boolean.getBoolean("unveil.bench"), "a benchmark: run with -Dunveil.bench=true");
        var bin = Postgres.binaries();
        assumeTrue(bin.isPresent(), "PostgreSQL's server is not installed (Debian postgresql)");
        int parallelism = Integer.getInteger("unveil.bench.parallelism", 2);
        GeoTable geo = GeoFile.shipped();
        Path file = dir.resolve("synth.csv");
        List<long[]> targets = List.of(new long[] {0x08000000L, 0x08ffffffL});
        try (Writer w = Files.newBufferedWriter(file)) {
            SyntheticScan.write(geo, new SyntheticScan.Options(targets, 0.06, 80, 5), w);
        }
        try (Postgres pg = new Postgres(bin.get());
                KafkaBroker kafka = new KafkaBroker(Files.createDirectories(dir.resolve("kafka")))) {
            pg.createDatabase("bench");
            Topics.ensure(kafka.bootstrap(), "bench", Topics.PARTITIONS);
            long published;
            long t0 = System.nanoTime();
            try (InputStream in = Files.newInputStream(file);
                    KafkaPublisher p = new KafkaPublisher(kafka.bootstrap(), "bench", "bench", 0)) {
                Ingest.Result read = Ingest.read(in, file.toString(), null, p, 5);
                p.finish(ScanHeader.of("bench", 0, "tcp_synscan", 80, "synth.csv", read.format().label(), -1,
                        targets));
                published = p.published();
            }
            double publishSeconds = (System.nanoTime() - t0) / 1e9;
            long[] before = {cpuNanos(), Cpu.of(kafka.pid()), Cpu.withChildren(pg.serverPid())};
            long t1 = System.nanoTime();
            LocalPipeline.run(new JobOptions(kafka.bootstrap(), "bench", "bench.enriched", pg.url("bench"), null, true,
                    5_000, parallelism, null), UnaryOperator.identity());
            double seconds = (System.nanoTime() - t1) / 1e9;
            Thread.sleep(500); // the sinks' backends have exited and the server has reaped them
            double flink = (cpuNanos() - before[0]) / 1e9;
            double broker = (Cpu.of(kafka.pid()) - before[1]) / 1e9;
            double postgres = (Cpu.withChildren(pg.serverPid()) - before[2]) / 1e9;
            try (Connection c = PgStore.connect(pg.url("bench")); Statement s = c.createStatement();
                    ResultSet r = s.executeQuery("SELECT responses FROM scan_totals")) {
                assertThat(r.next()).isTrue();
                assertThat(r.getLong(1)).isEqualTo(published);
            }
            System.out.printf("bench: %d responses published in %.1f s (%.0f/s); job at parallelism %d: %.1f s wall,"
                    + " %.0f records/s; CPU s: flink %.1f, broker %.1f, postgresql %.1f, total %.1f (%.1f µs a record);"
                    + " VmHWM of this JVM %s%n", published, publishSeconds, published / publishSeconds, parallelism,
                    seconds, published / seconds, flink, broker, postgres, flink + broker + postgres,
                    (flink + broker + postgres) * 1e6 / published, Cpu.hwm());
        }
    }

    private static long cpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
                .getOperatingSystemMXBean()).getProcessCpuTime();
    }

    /** CPU time of other processes, from /proc. */
    static final class Cpu {
        private static final long TICK_NANOS = 10_000_000L; // USER_HZ is 100 on Linux

        static long of(long pid) throws java.io.IOException {
            String[] f = fields(pid);
            return (Long.parseLong(f[11]) + Long.parseLong(f[12])) * TICK_NANOS;
        }

        /** The process's own time and that of its children it has waited for. */
        static long withChildren(long pid) throws java.io.IOException {
            String[] f = fields(pid);
            return (Long.parseLong(f[11]) + Long.parseLong(f[12]) + Long.parseLong(f[13]) + Long.parseLong(f[14]))
                    * TICK_NANOS;
        }

        /** The fields after the command's closing parenthesis: index 0 is the state (field 3 of proc(5)). */
        private static String[] fields(long pid) throws java.io.IOException {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"), StandardCharsets.UTF_8);
            return stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        }

        static String hwm() throws java.io.IOException {
            return Files.readAllLines(Path.of("/proc/self/status")).stream().filter(l -> l.startsWith("VmHWM"))
                    .map(l -> l.substring(6).strip()).findFirst().orElse("?");
        }
    }
}
