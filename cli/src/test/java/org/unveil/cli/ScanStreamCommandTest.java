package org.unveil.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.unveil.cli.CommandLineTest.unveil;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.unveil.stream.KafkaBroker;
import org.unveil.stream.Postgres;

/**
 * The stream's commands on a real broker (KRaft, child JVM) and a private PostgreSQL: `scan ingest --kafka`, `scan
 * pipeline --until-end` and `scan report --store postgresql://…`, whose report must be the one `scan report` gives
 * from a DuckDB store of the same file; and the errors of an unreachable broker or store, one line each.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ScanStreamCommandTest {
    static final String TARGETS = "198.51.100.0/24,203.0.113.0/24,8.8.0.0/20";

    @TempDir
    static Path dir;

    private Postgres pg;
    private KafkaBroker kafka;
    private String file;

    @BeforeAll
    void start() throws Exception {
        var bin = Postgres.binaries();
        assumeTrue(bin.isPresent(), "PostgreSQL's server is not installed (Debian postgresql); scripts/test installs it");
        pg = new Postgres(bin.get());
        kafka = new KafkaBroker(Files.createDirectories(dir.resolve("kafka")));
        file = dir.resolve("synth.csv").toString();
        var synth = unveil("scan", "synth", "--targets", TARGETS, "--hit-rate", "0.05", "--seed", "4", "-o", file);
        assertThat(synth.code()).as(synth.err()).isZero();
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

    @Test
    void ingestToKafkaThenThePipelineGiveTheSameReportAsTheEmbeddedStore() throws Exception {
        pg.createDatabase("cli");
        String url = pg.url("cli");
        var published = unveil("scan", "ingest", file, "--name", "s1", "--port", "80", "--targets", TARGETS,
                "--kafka", kafka.bootstrap(), "--topic", "cli.results");
        assertThat(published.code()).as(published.err()).isZero();
        String duck = dir.resolve("ref.duckdb").toString();
        var embedded = unveil("scan", "ingest", file, "--name", "s1", "--port", "80", "--targets", TARGETS,
                "--store", duck);
        assertThat(embedded.code()).as(embedded.err()).isZero();
        // "scan s1: N responses (…) from L lines of zmap-csv": the same N and L through either path
        String responses = embedded.out().substring(0, embedded.out().indexOf(" responses"));
        assertThat(published.out()).startsWith(responses + " responses (published to cli.results at "
                + kafka.bootstrap() + ") from ").endsWith(embedded.out().substring(embedded.out().indexOf(") from ") + 7));

        var run = unveil("scan", "pipeline", "--kafka", kafka.bootstrap(), "--topic", "cli.results",
                "--enriched-topic", "cli.enriched", "--store", url, "--until-end", "--checkpoint-interval", "500");
        assertThat(run.code()).as(run.err()).isZero();
        assertThat(run.out()).startsWith("pipeline: finished after ")
                .contains("\n" + responses + " responses, ");

        var fromPg = unveil("scan", "report", "--store", url, "--scan", "s1", "--json");
        var fromDuck = unveil("scan", "report", "--store", duck, "--scan", "s1", "--json");
        assertThat(fromPg.code()).as(fromPg.err()).isZero();
        assertThat(fromPg.out()).isEqualTo(fromDuck.out());
        assertThat(unveil("scan", "report", "--store", url, "--scan", "s1").out())
                .isEqualTo(unveil("scan", "report", "--store", duck, "--scan", "s1").out());

        // a second run over the same topic writes the same absolute values: nothing counted twice
        var again = unveil("scan", "pipeline", "--kafka", kafka.bootstrap(), "--topic", "cli.results",
                "--enriched-topic", "cli.enriched", "--store", url, "--until-end");
        assertThat(again.code()).as(again.err()).isZero();
        assertThat(unveil("scan", "report", "--store", url, "--scan", "s1", "--json").out()).isEqualTo(fromDuck.out());

        var html = unveil("scan", "report", "--store", url, "--scan", "s1", "--html", dir.resolve("r.html").toString());
        assertThat(html.code()).isEqualTo(ExitCode.USAGE);
        assertThat(html.err().lines()).hasSize(1);
        var missing = unveil("scan", "report", "--store", url, "--scan", "nope");
        assertThat(missing.code()).isEqualTo(ExitCode.NO_INPUT);
        assertThat(missing.err()).isEqualTo("unveil: " + url + " has no scan named 'nope'\n");
    }

    /**
     * A pipeline killed (SIGKILL) after a checkpoint, mid-stream, and started again on the same checkpoint folder:
     * the second process resumes from the newest checkpoint, ends by itself, and the store and the enriched topic
     * end exactly as if nothing had happened (the DuckDB report of the same file; every response once in the
     * topic). It then clears the folder's jobs, so a third run starts afresh and writes the same values again.
     */
    @Test
    void aPipelineKilledMidStreamResumesFromItsCheckpointInTheNextProcess() throws Exception {
        String big = dir.resolve("big.csv").toString();
        var synth = unveil("scan", "synth", "--targets", "8.0.0.0/12", "--hit-rate", "0.2", "--seed", "9", "-o", big);
        assertThat(synth.code()).as(synth.err()).isZero();
        var published = unveil("scan", "ingest", big, "--name", "big", "--port", "80", "--targets", "8.0.0.0/12",
                "--kafka", kafka.bootstrap(), "--topic", "restart.results");
        assertThat(published.code()).as(published.err()).isZero();
        long responses = Long.parseLong(published.out().replaceAll("(?s)^scan big: (\\d+) responses.*", "$1"));
        assertThat(responses).isGreaterThan(150_000);
        String duck = dir.resolve("big.duckdb").toString();
        assertThat(unveil("scan", "ingest", big, "--name", "big", "--port", "80", "--targets", "8.0.0.0/12", "--store",
                duck).code()).isZero();
        pg.createDatabase("restart");
        Path checkpoints = Files.createDirectories(dir.resolve("checkpoints"));
        List<String> pipeline = List.of("scan", "pipeline", "--kafka", kafka.bootstrap(), "--topic", "restart.results",
                "--enriched-topic", "restart.enriched", "--store", pg.url("restart"), "--until-end",
                "--checkpoint-interval", "500", "--checkpoints", checkpoints.toString());

        killAfterTwoCheckpoints(pipeline, checkpoints);
        var second = child(pipeline.toArray(new String[0]));
        assertThat(second.code()).as(second.err()).isZero();
        String reference = unveil("scan", "report", "--store", duck, "--scan", "big", "--json").out();
        assertThat(unveil("scan", "report", "--store", pg.url("restart"), "--scan", "big", "--json").out())
                .isEqualTo(reference);
        assertThat(kafka.committed("restart.enriched", value -> { })).as("every response once in the enriched topic")
                .isEqualTo(responses);
        try (var left = Files.list(checkpoints)) {
            assertThat(left).as("the finished run's checkpoints, cleared").isEmpty();
        }
        var third = child(pipeline.toArray(new String[0]));
        assertThat(third.code()).as(third.err()).isZero();
        assertThat(unveil("scan", "report", "--store", pg.url("restart"), "--scan", "big", "--json").out())
                .isEqualTo(reference);
    }

    /**
     * A pipeline that runs until stopped (no --until-end), killed, then resumed with --until-end on its checkpoint
     * folder: the restored readers' splits had no end, and the run still ends, once the topic's end is stored.
     */
    @Test
    void anEndlessPipelineKilledThenResumedUntilTheEndEnds() throws Exception {
        String csv = dir.resolve("endless.csv").toString();
        var synth = unveil("scan", "synth", "--targets", "8.16.0.0/14", "--hit-rate", "0.2", "--seed", "11", "-o",
                csv);
        assertThat(synth.code()).as(synth.err()).isZero();
        var published = unveil("scan", "ingest", csv, "--name", "endless", "--port", "80", "--targets",
                "8.16.0.0/14", "--kafka", kafka.bootstrap(), "--topic", "endless.results");
        assertThat(published.code()).as(published.err()).isZero();
        long responses = Long.parseLong(published.out().replaceAll("(?s)^scan endless: (\\d+) responses.*", "$1"));
        String duck = dir.resolve("endless.duckdb").toString();
        assertThat(unveil("scan", "ingest", csv, "--name", "endless", "--port", "80", "--targets", "8.16.0.0/14",
                "--store", duck).code()).isZero();
        pg.createDatabase("endless");
        Path checkpoints = Files.createDirectories(dir.resolve("endless-checkpoints"));
        List<String> endless = List.of("scan", "pipeline", "--kafka", kafka.bootstrap(), "--topic", "endless.results",
                "--enriched-topic", "endless.enriched", "--store", pg.url("endless"), "--checkpoint-interval", "500",
                "--checkpoints", checkpoints.toString());

        killAfterTwoCheckpoints(endless, checkpoints);
        List<String> toTheEnd = new ArrayList<>(endless);
        toTheEnd.add("--until-end");
        var resumed = child(toTheEnd.toArray(new String[0]));
        assertThat(resumed.code()).as(resumed.err()).isZero();
        assertThat(unveil("scan", "report", "--store", pg.url("endless"), "--scan", "endless", "--json").out())
                .isEqualTo(unveil("scan", "report", "--store", duck, "--scan", "endless", "--json").out());
        assertThat(kafka.committed("endless.enriched", value -> { })).as("every response once in the enriched topic")
                .isEqualTo(responses);
    }

    /** Starts {@code pipeline} in a JVM of its own and kills it (SIGKILL) once two checkpoints are finished. */
    private static void killAfterTwoCheckpoints(List<String> pipeline, Path checkpoints) throws Exception {
        Process first = new ProcessBuilder(childCommand(pipeline)).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
            while (newestCheckpoint(checkpoints) < 2 && first.isAlive() && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            assertThat(first.isAlive()).as("the first run was still going when it was killed").isTrue();
            assertThat(newestCheckpoint(checkpoints)).as("checkpoints finished before the kill").isGreaterThan(1);
        } finally {
            first.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        }
    }

    /**
     * The number of the newest checkpoint Flink finished under {@code dir} (a chk-N folder with its _metadata), 0
     * before any; Flink deletes older ones meanwhile, so a folder may go while it is looked at.
     */
    private static long newestCheckpoint(Path dir) throws java.io.IOException {
        long newest = 0;
        try (var jobs = Files.newDirectoryStream(dir)) {
            for (Path job : jobs) {
                try (var checkpoints = Files.newDirectoryStream(job, "chk-*")) {
                    for (Path chk : checkpoints) {
                        if (Files.exists(chk.resolve("_metadata"))) {
                            newest = Math.max(newest, Long.parseLong(chk.getFileName().toString().substring(4)));
                        }
                    }
                } catch (java.nio.file.NoSuchFileException | java.nio.file.NotDirectoryException gone) {
                    // a job folder being made or removed
                }
            }
        }
        return newest;
    }

    /**
     * Real zmap in the scan lab (scan/lab/lab): one scan into DuckDB, then the same scan by two scanners (zmap
     * shards of one seed) published to Kafka into one scan id and stored by the pipeline in PostgreSQL. Both
     * reports must say the same of the lab, all but when it started and what zmap counted as sent.
     */
    @Test
    void zmapShardsPublishedToKafkaMakeTheScanZmapStoresInDuckDb() throws Exception {
        assumeTrue("root".equals(System.getProperty("user.name")), "the scan lab needs root (network namespaces)");
        for (String program : List.of("zmap", "socat", "ip")) {
            assumeTrue(new ProcessBuilder("sh", "-c", "command -v " + program).start().waitFor() == 0,
                    program + " is not installed; scripts/test installs it");
        }
        String tag = "k" + ProcessHandle.current().pid() % 100_000;
        Path lab = Path.of("../scan/lab/lab").toAbsolutePath().normalize();
        assertThat(lab(lab, "up", tag, "192.0.2.10:80", "192.0.2.11:80,22", "192.0.2.12", "192.0.2.13:22"))
                .isZero();
        try {
            java.util.Map<String, String> env = new java.util.HashMap<>();
            Process p = new ProcessBuilder("bash", lab.toString(), "env", tag).start();
            for (String pair : new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim().split(" ")) {
                env.put(pair.substring(0, pair.indexOf('=')), pair.substring(pair.indexOf('=') + 1));
            }
            assertThat(p.waitFor()).isZero();
            List<String> zmap = List.of("--probe", "tcp_synscan", "--port", "80", "--allow-lab", "192.0.2.0/28",
                    "--netns", env.get("SCANNER_NS"), "--interface", env.get("IFACE"), "--source-ip", env.get("SOURCE"),
                    "--gateway-mac", env.get("GATEWAY_MAC"), "--seed", "5", "--rate", "1000", "--cooldown", "2",
                    "--quiet", "192.0.2.0/28");
            String duck = dir.resolve("zmap.duckdb").toString();
            var embedded = unveil(args(List.of("scan", "run", "--store", duck, "--name", "z"), zmap));
            assertThat(embedded.code()).as(embedded.err()).isZero();
            assertThat(embedded.out()).isEqualTo("scan z: 16 addresses allowed, 4 responses, 4 address/port rows\n");
            int published = 0;
            for (String shard : List.of("0", "1")) {
                var r = unveil(args(List.of("scan", "run", "--store", duck, "--name", "z", "--kafka", kafka.bootstrap(),
                        "--topic", "zmap.results", "--shards", "2", "--shard", shard), zmap));
                assertThat(r.code()).as(r.err()).isZero();
                assertThat(r.out()).startsWith("scan z: 16 addresses allowed, ")
                        .endsWith(" responses, published to zmap.results at " + kafka.bootstrap() + "\n");
                published += Integer.parseInt(r.out().replaceAll("(?s).*allowed, (\\d+) responses.*", "$1"));
            }
            assertThat(published).as("the two shards between them: SYN-ACKs of .10 and .11, RSTs of .12 and .13").isEqualTo(4);
            pg.createDatabase("zmap");
            var run = unveil("scan", "pipeline", "--kafka", kafka.bootstrap(), "--topic", "zmap.results",
                    "--enriched-topic", "zmap.enriched", "--store", pg.url("zmap"), "--until-end",
                    "--checkpoint-interval", "500");
            assertThat(run.code()).as(run.err()).isZero();
            var mapper = new com.fasterxml.jackson.databind.ObjectMapper();
            var fromPg = mapper.readTree(unveil("scan", "report", "--store", pg.url("zmap"), "--scan", "z", "--json")
                    .out());
            var fromDuck = mapper.readTree(unveil("scan", "report", "--store", duck, "--scan", "z", "--json").out());
            for (var tree : List.of(fromPg, fromDuck)) {
                ((com.fasterxml.jackson.databind.node.ObjectNode) tree.get("scan")).remove(List.of("started", "sent"));
            }
            assertThat(fromDuck.get("scan").get("responders").asInt()).isEqualTo(2);
            assertThat(fromPg).isEqualTo(fromDuck);
        } finally {
            lab(lab, "down", tag);
        }
    }

    private static int lab(Path script, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("bash", script.toString()));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        return p.waitFor(60, TimeUnit.SECONDS) ? p.exitValue() : -1;
    }

    private static String[] args(List<String> head, List<String> tail) {
        List<String> all = new ArrayList<>(head);
        all.addAll(tail);
        return all.toArray(new String[0]);
    }

    @Test
    void anUnreachableBrokerIsOneLineAndExitFour() throws Exception {
        int closed = KafkaBroker.freePort();
        // a child JVM: what the user sees on stderr is all of it, the clients' own logging included
        Result r = child("scan", "ingest", file, "--name", "x", "--kafka", "127.0.0.1:" + closed);
        assertThat(r.code()).as(r.err()).isEqualTo(ExitCode.OUTPUT);
        assertThat(r.err()).isEqualTo("unveil: no Kafka broker answered at 127.0.0.1:" + closed + " within 15 s\n");
        var shard = unveil("scan", "ingest", file, "--name", "x", "--kafka", kafka.bootstrap(), "--shard", "-1");
        assertThat(shard.code()).isEqualTo(ExitCode.USAGE);
        assertThat(shard.err()).isEqualTo("unveil: --shard -1: must be 0 or more\n");
    }

    @Test
    void badOrUnreachableStoresAreOneLineWithTheirExitCodes() throws Exception {
        int closed = KafkaBroker.freePort();
        String down = "postgresql://unveil@127.0.0.1:" + closed + "/scans";
        Result pipeline = child("scan", "pipeline", "--kafka", kafka.bootstrap(), "--store", down, "--until-end");
        assertThat(pipeline.code()).as(pipeline.err()).isEqualTo(ExitCode.OUTPUT);
        assertThat(pipeline.err().lines()).as(pipeline.err()).hasSize(1);
        assertThat(pipeline.err()).startsWith("unveil: " + down + ": ").contains("refused");

        var report = unveil("scan", "report", "--store", down, "--scan", "s1");
        assertThat(report.code()).isEqualTo(ExitCode.NO_INPUT);
        assertThat(report.err().lines()).hasSize(1);
        assertThat(report.err()).startsWith("unveil: " + down + ": ").contains("refused");

        var noDb = unveil("scan", "report", "--store", "postgresql://127.0.0.1", "--scan", "s1");
        assertThat(noDb.code()).isEqualTo(ExitCode.NO_INPUT);
        assertThat(noDb.err()).isEqualTo("unveil: 'postgresql://127.0.0.1' names no host and database"
                + " (postgresql://HOST[:PORT]/DATABASE)\n");

        pg.createDatabase("empty");
        var empty = unveil("scan", "report", "--store", pg.url("empty"), "--scan", "s1");
        assertThat(empty.code()).isEqualTo(ExitCode.NO_INPUT);
        assertThat(empty.err().lines()).as(empty.err()).hasSize(1);

        var duck = unveil("scan", "pipeline", "--kafka", kafka.bootstrap(), "--store", dir.resolve("d.duckdb").toString());
        assertThat(duck.code()).isEqualTo(ExitCode.USAGE);
        assertThat(duck.err()).startsWith("unveil: --store: the pipeline writes a PostgreSQL store");
        for (var r : List.of(report, noDb, empty, duck)) {
            assertThat(r.err()).doesNotContain("Exception").doesNotContain("\tat ");
        }
    }

    record Result(int code, String err) {
    }

    /** The command that runs `unveil ARGS` in a JVM of its own, on this test's class path. */
    private static List<String> childCommand(List<String> args) {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), Unveil.class.getName()));
        cmd.addAll(args);
        return cmd;
    }

    /** Runs the command in a JVM of its own; its whole stderr. */
    private static Result child(String... args) throws Exception {
        Path err = Files.createTempFile("unveil-child", ".err");
        try {
            Process p = new ProcessBuilder(childCommand(List.of(args))).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .redirectError(err.toFile()).start();
            // stderr goes to a file, so a child that never ends fails this wait instead of blocking a read
            if (!p.waitFor(300, TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
                throw new AssertionError("unveil " + String.join(" ", args) + " did not end in 300 s; stderr: "
                        + Files.readString(err));
            }
            return new Result(p.exitValue(), Files.readString(err));
        } finally {
            Files.deleteIfExists(err);
        }
    }
}
