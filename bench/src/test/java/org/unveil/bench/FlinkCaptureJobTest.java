package org.unveil.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.unveil.capture.CaptureReader;
import org.unveil.capture.Captures;
import org.unveil.capture.Packet;
import org.unveil.capture.ProblemListener;
import org.unveil.capture.decode.PacketDecoder;
import org.unveil.capture.decode.PacketLayers;
import org.unveil.capture.pipeline.CapturePipeline;
import org.unveil.cli.Unveil;
import org.unveil.stream.capture.AddressReport;
import org.unveil.stream.capture.CaptureJobs;
import org.unveil.stream.capture.FilePart;
import org.unveil.stream.capture.QuerySpec;
import org.unveil.trace.ParallelTracer;
import org.unveil.trace.TraceQuery;
import org.unveil.trace.TracedConnection;

/**
 * Issue 17, part 2: `trace --xff` and `hosts` as Flink jobs (MiniCluster) over 8 captures of the bench generator
 * give the single-process commands' output byte for byte, at 1 and 2 slots, whole files and files split into many
 * parts. Trace reads the load balancer's back side; file 8 repeats file 1's seed, so its connections share 5-tuples
 * with file 1's and are merged across files. Hosts reads the NAT mix (hosts behind public addresses, a proxy, a
 * dual-stack host).
 */
class FlinkCaptureJobTest {
    /** A user of middling frequency (about 0.6 % of the requests name it). */
    private static final String USER = "203.0.113.62";

    @TempDir
    static Path dir;
    static Path captures;
    static List<String> files = new ArrayList<>();
    static Path natCaptures;
    static List<String> natFiles = new ArrayList<>();

    @BeforeAll
    static void generate() throws IOException {
        captures = Files.createDirectories(dir.resolve("captures"));
        natCaptures = Files.createDirectories(dir.resolve("nat"));
        for (int i = 1; i <= 8; i++) {
            Path f = captures.resolve("cap-" + i + ".pcap");
            BenchCaptureGenerator.generateBalancer(f, 2L << 20, i == 8 ? 1 : i);
            files.add(f.toString());
            Path n = natCaptures.resolve("nat-" + i + ".pcap");
            BenchCaptureGenerator.generate(n, 2L << 20, i, false);
            natFiles.add(n.toString());
        }
    }

    @Test
    void hostsAsAFlinkJobWritesTheSingleProcessBytes() throws IOException {
        Path oneFlows = dir.resolve("one-flows.csv");
        List<String> local = new ArrayList<>(List.of("hosts", "--quiet", "--flows-csv", oneFlows.toString()));
        local.addAll(natFiles);
        Run one = unveil(local);
        assertThat(one.code()).as(one.err()).isZero();
        List<String> json = new ArrayList<>(List.of("hosts", "--quiet", "--json"));
        json.addAll(natFiles);
        Run oneJson = unveil(json);
        assertThat(oneJson.code()).as(oneJson.err()).isZero();
        // the captures hold many addresses, several hosts behind some: a report worth comparing
        String text = new String(one.out(), StandardCharsets.UTF_8);
        assertThat(text.lines().filter(l -> !l.startsWith(" ")).count()).isGreaterThan(20);
        assertThat(text).containsPattern("\\d+ hosts \\(");
        for (int slots = 1; slots <= 2; slots++) {
            Path jobFlows = dir.resolve("job-flows-" + slots + ".csv");
            long t0 = System.nanoTime();
            Run job = unveil(List.of("hosts", "--quiet", "--engine", "flink", "--threads", Integer.toString(slots),
                    "--flows-csv", jobFlows.toString(), natCaptures.toString()));
            System.err.printf("hosts --engine flink, %d slots: %d ms%n", slots, (System.nanoTime() - t0) / 1_000_000);
            assertThat(job.code()).as(job.err()).isZero();
            assertThat(new String(job.out(), StandardCharsets.UTF_8)).as("%d slots", slots).isEqualTo(text);
            assertThat(job.out()).isEqualTo(one.out());
            assertThat(Files.readAllBytes(jobFlows)).isEqualTo(Files.readAllBytes(oneFlows));
            Run jobJson = unveil(List.of("hosts", "--quiet", "--json", "--engine", "flink", "--threads",
                    Integer.toString(slots), natCaptures.toString()));
            assertThat(jobJson.code()).as(jobJson.err()).isZero();
            assertThat(new String(jobJson.out(), StandardCharsets.UTF_8))
                    .isEqualTo(new String(oneJson.out(), StandardCharsets.UTF_8));
        }
    }

    @Test
    void hostsOfOneAddressAndOfFilesSplitIntoManyParts() throws Exception {
        List<String> local = new ArrayList<>(List.of("hosts", "--quiet"));
        local.addAll(natFiles);
        String text = new String(unveil(local).out(), StandardCharsets.UTF_8);
        // the files split in 32 parts each: an address's packets come from many tasks and are put back in order
        List<FilePart> parts = CaptureJobs.plan(natFiles, new CaptureJobs.Options(32, 32 << 10,
                ParallelTracer.DEFAULT_MEMORY), (f, m) -> { });
        assertThat(parts).hasSize(8 * 32);
        CaptureJobs.HostsRun run = CaptureJobs.hosts(parts, null, null, new CaptureJobs.Options(2, 32 << 10,
                org.unveil.hosts.MemoryBudget.DEFAULT_BYTES));
        assertThat(String.join("", run.addresses().stream().map(AddressReport::text).toList())).isEqualTo(text);
        assertThat(run.totals().packets()).isEqualTo(countPackets(natFiles));

        // --address: the address with the most flows
        String busiest = text.lines().filter(l -> !l.startsWith(" "))
                .max(java.util.Comparator.comparingInt(l -> Integer.parseInt(l.replaceAll(".* (\\d+) flows$", "$1"))))
                .map(l -> l.substring(0, l.indexOf(": "))).orElseThrow();
        List<String> oneAddress = new ArrayList<>(List.of("hosts", "--quiet", "--address", busiest));
        oneAddress.addAll(natFiles);
        Run a = unveil(oneAddress);
        Run b = unveil(List.of("hosts", "--quiet", "--address", busiest, "--engine", "flink", "--threads", "2",
                natCaptures.toString()));
        assertThat(b.code()).as(b.err()).isZero();
        assertThat(new String(a.out(), StandardCharsets.UTF_8)).startsWith(busiest + ": ");
        assertThat(b.out()).isEqualTo(a.out());
    }

    private record Run(int code, byte[] out, String err) {
    }

    private static Run unveil(List<String> args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Unveil.run(args.toArray(String[]::new), out, new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(code, out.toByteArray(), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void traceXffAsAFlinkJobPrintsTheSingleProcessBytes() {
        for (boolean json : new boolean[] {false, true}) {
            List<String> local = new ArrayList<>(List.of("trace", "--xff", USER, "--quiet", "--threads", "1"));
            local.addAll(files);
            if (json) {
                local.add("--json");
            }
            Run one = unveil(local);
            assertThat(one.code()).as(one.err()).isZero();
            for (int slots = 1; slots <= 2; slots++) {
                List<String> flink = new ArrayList<>(List.of("trace", "--xff", USER, "--quiet", "--engine", "flink",
                        "--threads", Integer.toString(slots), captures.toString()));
                if (json) {
                    flink.add("--json");
                }
                long t0 = System.nanoTime();
                Run job = unveil(flink);
                long ms = (System.nanoTime() - t0) / 1_000_000;
                System.err.printf("trace --engine flink, %d slots, json %s: %d ms%n", slots, json, ms);
                assertThat(job.code()).as(job.err()).isZero();
                assertThat(new String(job.out(), StandardCharsets.UTF_8)).as("%d slots, json %s", slots, json)
                        .isEqualTo(new String(one.out(), StandardCharsets.UTF_8));
                assertThat(job.out()).isEqualTo(one.out());
            }
        }
    }

    /** A damaged record: the same report, exit 1 from both engines; the job counts what the local engine locates. */
    @Test
    void aDamagedFileGivesTheSameReportAndExitCode() throws IOException {
        Path damaged = Files.createDirectories(dir.resolve("damaged"));
        Path whole = damaged.resolve("a.pcap");
        Files.copy(Path.of(files.get(1)), whole);
        byte[] bytes = Files.readAllBytes(Path.of(files.get(2)));
        Path cut = damaged.resolve("b.pcap");
        Files.write(cut, java.util.Arrays.copyOf(bytes, bytes.length - 10)); // the last record cut short
        Run one = unveil(List.of("trace", "--xff", USER, "--quiet", whole.toString(), cut.toString()));
        Run job = unveil(List.of("trace", "--xff", USER, "--quiet", "--engine", "flink", "--threads", "2",
                damaged.toString()));
        assertThat(one.code()).isEqualTo(1);
        assertThat(job.code()).as(job.err()).isEqualTo(1);
        assertThat(job.out()).isEqualTo(one.out());
        assertThat(one.err()).contains("b.pcap: byte ").contains("last record cut short");
        // the job says where the damage is, line for line as the one-process run does
        assertThat(damageLines(job.err())).as(job.err()).isNotEmpty().isEqualTo(damageLines(one.err()));
        // and so does the hosts job, whose tasks read the same parts for another end
        Run hostsOne = unveil(List.of("hosts", "--quiet", whole.toString(), cut.toString()));
        Run hostsJob = unveil(List.of("hosts", "--quiet", "--engine", "flink", "--threads", "2", damaged.toString()));
        assertThat(hostsJob.code()).as(hostsJob.err()).isEqualTo(hostsOne.code()).isEqualTo(1);
        assertThat(hostsJob.out()).isEqualTo(hostsOne.out());
        assertThat(damageLines(hostsJob.err())).isEqualTo(damageLines(one.err()));
    }

    /** The lines that place damage in a file ("unveil: FILE: byte N: what"). */
    private static List<String> damageLines(String err) {
        return err.lines().filter(l -> l.contains(": byte ")).toList();
    }

    /**
     * --store: the trace job's connections and the hosts job's reports in PostgreSQL, row for row the one-process
     * results; a second run of the same name replaces its rows. Skipped without Debian's PostgreSQL server.
     */
    @Test
    void resultsWrittenToPostgresqlAreTheSingleProcessResults() throws Exception {
        var bin = org.unveil.stream.Postgres.binaries();
        org.junit.jupiter.api.Assumptions.assumeTrue(bin.isPresent(),
                "PostgreSQL's server is not installed (/usr/lib/postgresql/N/bin; scripts/test installs it)");
        try (var pg = new org.unveil.stream.Postgres(bin.get())) {
            pg.createDatabase("captures");
            String url = pg.url("captures");
            List<TracedConnection> whole;
            try (ParallelTracer.Result r = ParallelTracer.run(files, TraceQuery.forwardedFor(USER), 1,
                    new CapturePipeline(problem -> { }), ParallelTracer.DEFAULT_MEMORY)) {
                whole = r.connections();
            }
            for (int run = 0; run < 2; run++) {
                Run job = unveil(List.of("trace", "--xff", USER, "--quiet", "--engine", "flink", "--threads", "2",
                        "--store", url, captures.toString()));
                assertThat(job.code()).as(job.err()).isZero();
            }
            List<TracedConnection> rows = new ArrayList<>();
            try (var db = org.unveil.stream.pg.PgStore.connect(url); var s = db.createStatement();
                    var r = s.executeQuery("SELECT run, protocol, client, client_port, server, server_port, first_ns,"
                            + " last_ns, packets, bytes, matched FROM trace_connections ORDER BY first_ns, client,"
                            + " client_port, server, server_port")) {
                while (r.next()) {
                    assertThat(r.getString(1)).isEqualTo("trace X-Forwarded-For/Forwarded " + USER);
                    rows.add(new TracedConnection(r.getInt(2), r.getString(3), r.getInt(4), r.getString(5),
                            r.getInt(6), r.getLong(7), r.getLong(8), r.getLong(9), r.getLong(10), r.getString(11)));
                }
            }
            assertThat(rows).hasSizeGreaterThan(100).containsExactlyInAnyOrderElementsOf(whole);
            // the entry point for flink run, here outside a cluster (a local environment): the same rows
            org.unveil.stream.capture.CaptureJobMain.main(new String[] {"--job", "trace", "--xff", USER, "--store",
                url, "--run", "main", "--input", captures.toString()});
            try (var db = org.unveil.stream.pg.PgStore.connect(url); var s = db.createStatement();
                    var r = s.executeQuery("SELECT count(*) FROM (SELECT protocol, client, client_port, server,"
                            + " server_port, first_ns, last_ns, packets, bytes, matched FROM trace_connections"
                            + " WHERE run = 'main' EXCEPT SELECT protocol, client, client_port, server, server_port,"
                            + " first_ns, last_ns, packets, bytes, matched FROM trace_connections WHERE run <> 'main')"
                            + " d")) {
                r.next();
                assertThat(r.getLong(1)).isZero();
            }
            try (var db = org.unveil.stream.pg.PgStore.connect(url); var s = db.createStatement();
                    var r = s.executeQuery("SELECT count(*) FROM trace_connections WHERE run = 'main'")) {
                r.next();
                assertThat(r.getLong(1)).isEqualTo(whole.size());
            }

            List<String> local = new ArrayList<>(List.of("hosts", "--quiet", "--json"));
            local.addAll(natFiles);
            var report = new com.fasterxml.jackson.databind.ObjectMapper().readTree(unveil(local).out())
                    .get("addresses");
            Run hosts = unveil(List.of("hosts", "--quiet", "--engine", "flink", "--threads", "2", "--store", url,
                    "--run", "nat", natCaptures.toString()));
            assertThat(hosts.code()).as(hosts.err()).isZero();
            var mapper = new com.fasterxml.jackson.databind.ObjectMapper();
            List<com.fasterxml.jackson.databind.JsonNode> stored = new ArrayList<>();
            try (var db = org.unveil.stream.pg.PgStore.connect(url); var s = db.createStatement();
                    var r = s.executeQuery("SELECT address, host_count, report FROM hosts_addresses"
                            + " WHERE run = 'nat'")) {
                while (r.next()) {
                    var item = mapper.readTree(r.getString(3));
                    assertThat(item.get("address").asText()).isEqualTo(r.getString(1));
                    assertThat(item.get("hostCount").asInt()).isEqualTo(r.getInt(2));
                    stored.add(item);
                }
            }
            assertThat(report.size()).isGreaterThan(20);
            List<com.fasterxml.jackson.databind.JsonNode> expected = new ArrayList<>();
            report.forEach(expected::add);
            assertThat(stored).containsExactlyInAnyOrderElementsOf(expected);
        }
    }

    /** -f: the tasks compile the same libpcap filter and see the same packets. */
    @Test
    void aPacketFilterKeepsTheSamePacketsInTheJob() {
        List<String> local = new ArrayList<>(List.of("trace", "--xff", USER, "--quiet", "-f", "src host 10.20.0.21"));
        local.addAll(files);
        Run one = unveil(local);
        Run job = unveil(List.of("trace", "--xff", USER, "--quiet", "-f", "src host 10.20.0.21", "--engine", "flink",
                "--threads", "2", captures.toString()));
        assertThat(one.code()).as(one.err()).isZero();
        assertThat(job.code()).as(job.err()).isZero();
        assertThat(job.out()).isEqualTo(one.out());
        // fewer than without the filter (one balancer node of four sends them), but some
        String text = new String(one.out(), StandardCharsets.UTF_8);
        assertThat(text.lines().filter(l -> l.contains(" -> ")).count()).isPositive();
        assertThat(text.lines().filter(l -> l.contains(" -> ")).allMatch(l -> l.startsWith("10.20.0.21:"))).isTrue();
    }

    /**
     * The ground truth beside the command: the 5-tuples of the packets whose X-Forwarded-For names the user, found
     * here by reading every packet's payload (the generator writes each request head in one segment).
     */
    @Test
    void theConnectionsAreThoseWhoseRequestsNameTheUser() throws IOException {
        Set<String> truth = new HashSet<>();
        for (String f : files) {
            try (CaptureReader r = Captures.open(f, ProblemListener.IGNORE)) {
                Packet p = new Packet();
                PacketLayers l = new PacketLayers();
                while (r.next(p)) {
                    PacketDecoder.decode(p, l);
                    if (!l.hasTcp() || l.payloadLength() == 0) {
                        continue;
                    }
                    byte[] payload = l.segment().asSlice(l.payloadOffset(), l.payloadLength())
                            .toArray(ValueLayout.JAVA_BYTE);
                    for (String line : new String(payload, StandardCharsets.ISO_8859_1).split("\r\n")) {
                        if (line.startsWith("X-Forwarded-For: ") && List.of(line.substring(17).split(", "))
                                .contains(USER)) {
                            truth.add(endpoint(l.ipv4().source(), l.tcp().sourcePort()) + " -> "
                                    + endpoint(l.ipv4().destination(), l.tcp().destinationPort()));
                        }
                    }
                }
            }
        }
        List<String> args = new ArrayList<>(List.of("trace", "--xff", USER, "--quiet", "--engine", "flink",
                "--threads", "2", captures.toString()));
        String out = new String(unveil(args).out(), StandardCharsets.UTF_8);
        Set<String> found = new HashSet<>();
        out.lines().filter(s -> s.contains(" -> ")).forEach(s -> found.add(s.substring(0, s.indexOf(" proto"))));
        assertThat(truth).hasSizeGreaterThan(100);
        assertThat(found).isEqualTo(truth);
    }

    private static String endpoint(int address, int port) {
        return (address >>> 24) + "." + ((address >> 16) & 255) + "." + ((address >> 8) & 255) + "." + (address & 255)
                + ":" + port;
    }

    /**
     * Files split into parts of 32 KiB or more (32 a file, as asked): the job's tasks read the parts with the parallel
     * reader's boundaries, and the merge by 5-tuple gives what one thread reading each file whole gives.
     */
    @Test
    void filesSplitIntoManyPartsGiveTheWholeFilesConnections() throws Exception {
        List<TracedConnection> whole;
        try (ParallelTracer.Result r = ParallelTracer.run(files, TraceQuery.forwardedFor(USER), 1,
                new CapturePipeline(problem -> { }), ParallelTracer.DEFAULT_MEMORY)) {
            whole = r.connections();
        }
        assertThat(whole).hasSizeGreaterThan(100);
        for (int slots = 1; slots <= 2; slots++) {
            // the parts are planned as for 32 threads (2 MiB / 32 KiB would allow 64), the job runs on `slots` slots
            CaptureJobs.Options split = new CaptureJobs.Options(slots, 32 << 10, ParallelTracer.DEFAULT_MEMORY);
            List<FilePart> parts = CaptureJobs.plan(files, new CaptureJobs.Options(32, 32 << 10,
                    ParallelTracer.DEFAULT_MEMORY), (f, m) -> { });
            assertThat(parts).hasSize(8 * 32);
            CaptureJobs.TraceRun run = CaptureJobs.trace(parts, new QuerySpec(TraceQuery.Kind.FORWARDED_FOR, USER),
                    null, split);
            assertThat(run.connections()).as("%d slots", slots).isEqualTo(whole);
            assertThat(run.totals().packets()).isEqualTo(countPackets(files));
            assertThat(run.totals().problems()).isZero();
        }
    }

    private static long countPackets(List<String> inputs) throws IOException {
        long n = 0;
        for (String f : inputs) {
            try (CaptureReader r = Captures.open(f, ProblemListener.IGNORE)) {
                Packet p = new Packet();
                while (r.next(p)) {
                    n++;
                }
            }
        }
        return n;
    }
}
