package org.unveil.synth.traffic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.unveil.synth.Seen;
import org.unveil.labels.LabelCsv;
import org.unveil.labels.NatLabel;
import org.unveil.synth.model.HostMix;
import org.unveil.synth.model.HostProfile;
import org.unveil.synth.model.Ipv4;
import org.unveil.synth.model.NatModel;
import org.unveil.synth.model.PathModel;

/** Labels, determinism, checksums and the size limit, judged on the files a run writes. */
class OutputPropertiesTest {
    static final int PUBLIC = Ipv4.parse("192.0.2.1");
    @TempDir
    Path dir;

    private static List<HostProfile> mix(String name, int count, long seed) {
        return HostMix.named(name).hosts(count, Ipv4.parse("10.0.0.10"), new SplittableRandom(seed));
    }

    private static Scenario natted(long seed, NatModel.Mode mode, PathModel path) {
        return Generate.scenario(seed, 3 * Generate.MINUTE, mix("all", 12, seed), new NatModel(mode, PUBLIC), path, 1);
    }

    private static String flow(int proto, int src, int sport, int dst, int dport) {
        return proto + " " + Ipv4.format(src) + ":" + sport + " " + Ipv4.format(dst) + ":" + dport;
    }

    @Test
    void everyPublicFlowIsLabelledOnceWithItsTrueHost() throws IOException {
        for (NatModel.Mode mode : new NatModel.Mode[] {NatModel.Mode.PRESERVE, NatModel.Mode.RANDOM}) {
            Scenario s = natted(21, mode, new PathModel(2000, 0.01, 0.01));
            Generate.Files3 run = Generate.run(dir, mode.name(), s);
            List<Seen> packets = Seen.read(run.pcap());
            List<NatLabel> labels = LabelCsv.readNat(run.labels());
            // a 5-tuple may come back later as a new flow (a port used again): a packet belongs to the latest
            // label of its 5-tuple that started at or before it
            Map<String, java.util.TreeMap<Long, NatLabel>> byFlow = new HashMap<>();
            for (NatLabel l : labels) {
                String key = flow(l.proto(), Ipv4.parse(l.src().getHostAddress()), l.sport(),
                        Ipv4.parse(l.dst().getHostAddress()), l.dport());
                assertThat(byFlow.computeIfAbsent(key, k -> new java.util.TreeMap<>()).put(l.firstMicros(), l))
                        .as("labelled twice: %s", key).isNull();
            }
            Map<NatLabel, Long> firstSeen = new java.util.IdentityHashMap<>();
            Map<Integer, HostProfile> hostsByAddress = new HashMap<>();
            s.hosts().forEach(h -> hostsByAddress.put(h.address(), h));
            for (Seen p : packets) {
                assertThat(p.src() == PUBLIC || p.dst() == PUBLIC).isTrue();
                String key = p.src() == PUBLIC ? flow(p.proto(), p.src(), p.sport(), p.dst(), p.dport())
                        : flow(p.proto(), p.dst(), p.dport(), p.src(), p.sport());
                var entry = byFlow.getOrDefault(key, new java.util.TreeMap<>()).floorEntry(p.nanos() / 1000);
                assertThat(entry).as("no label for %s", key).isNotNull();
                NatLabel l = entry.getValue();
                firstSeen.putIfAbsent(l, p.nanos() / 1000);
                HostProfile truth = hostsByAddress.get(Ipv4.parse(l.host().getHostAddress()));
                // the labelled host is the one whose stack and software the packet shows
                if (p.src() == PUBLIC && p.proto() == 6) {
                    assertThat(p.ttl()).isEqualTo(truth.syn().ttl() - 1);
                    if (p.syn()) {
                        assertThat(p.window()).isEqualTo(truth.syn().window());
                        assertThat(p.mss()).isEqualTo(truth.syn().mss());
                        assertThat(p.hasTs()).isEqualTo(truth.clock().enabled());
                    }
                    if (p.userAgent() != null) {
                        assertThat(p.userAgent()).isEqualTo(truth.userAgent());
                    }
                }
            }
            assertThat(firstSeen).hasSameSizeAs(labels);
            firstSeen.forEach((l, t) -> assertThat(l.firstMicros()).isEqualTo(t));
            assertThat(labels.stream().map(NatLabel::host).distinct()).hasSize(12);
            assertThat(labels.stream().filter(l -> l.proto() == 6).count()).isGreaterThan(500);
        }
    }

    @Test
    void preservingNatKeepsTheHostsSequentialPortsAndRandomNatDoesNot() throws IOException {
        Map<NatModel.Mode, Double> sequential = new HashMap<>();
        for (NatModel.Mode mode : new NatModel.Mode[] {NatModel.Mode.PRESERVE, NatModel.Mode.RANDOM}) {
            Generate.Files3 run = Generate.run(dir, "ports" + mode, natted(8, mode, PathModel.PERFECT));
            Map<String, Integer> last = new HashMap<>();
            int steps = 0;
            int ones = 0;
            for (NatLabel l : LabelCsv.readNat(run.labels())) {
                if (l.proto() == 6 && l.host().getHostAddress().equals("10.0.0.10")) { // the first host: Windows
                    Integer before = last.put(l.host().getHostAddress(), l.sport());
                    if (before != null) {
                        steps++;
                        ones += l.sport() - before == 1 ? 1 : 0;
                    }
                }
            }
            sequential.put(mode, (double) ones / steps);
        }
        assertThat(sequential.get(NatModel.Mode.PRESERVE)).isGreaterThan(0.95);
        assertThat(sequential.get(NatModel.Mode.RANDOM)).isLessThan(0.05);
    }

    @Test
    void theSameSeedGivesTheSameBytesAndAnotherSeedOthers() throws IOException {
        PathModel path = new PathModel(1000, 0.02, 0.05);
        Generate.Files3 a = Generate.run(dir, "a", natted(99, NatModel.Mode.RANDOM, path));
        Generate.Files3 b = Generate.run(dir, "b", natted(99, NatModel.Mode.RANDOM, path));
        Generate.Files3 c = Generate.run(dir, "c", natted(100, NatModel.Mode.RANDOM, path));
        assertThat(Files.mismatch(a.pcap(), b.pcap())).isEqualTo(-1);
        assertThat(Files.mismatch(a.labels(), b.labels())).isEqualTo(-1);
        assertThat(Files.mismatch(a.hosts(), b.hosts())).isEqualTo(-1);
        assertThat(Files.mismatch(a.pcap(), c.pcap())).isNotEqualTo(-1);
        assertThat(Files.mismatch(a.labels(), c.labels())).isNotEqualTo(-1);
    }

    @Test
    void everyChecksumIsValidAndCapturesAreInTimeOrder() throws IOException, InterruptedException {
        Generate.Files3 run = Generate.run(dir, "sums", natted(5, NatModel.Mode.PRESERVE, new PathModel(3000, 0.01, 0.1)));
        List<Seen> packets = Seen.read(run.pcap());
        assertThat(packets).hasSizeGreaterThan(10_000);
        assertThat(packets).allMatch(Seen::ipChecksumOk).allMatch(Seen::l4ChecksumOk);
        for (int i = 1; i < packets.size(); i++) {
            assertThat(packets.get(i).nanos()).isGreaterThanOrEqualTo(packets.get(i - 1).nanos());
        }
        assertThat(packets).filteredOn(p -> p.proto() == 17).isNotEmpty();
        assertThat(packets).filteredOn(p -> p.sni() != null).isNotEmpty();
        assertThat(packets).filteredOn(p -> p.userAgent() != null).isNotEmpty();
        assumeTrue(onPath("tshark"), "tshark is not installed");
        Process tshark = new ProcessBuilder("tshark", "-r", run.pcap().toString(), "-o", "tcp.check_checksum:TRUE",
                "-o", "ip.check_checksum:TRUE", "-o", "udp.check_checksum:TRUE", "-T", "fields", "-e",
                "ip.checksum.status", "-e", "tcp.checksum.status", "-e", "udp.checksum.status")
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        Map<String, Long> statuses = new HashMap<>();
        try (var lines = tshark.inputReader().lines()) {
            lines.forEach(line -> statuses.merge(line, 1L, Long::sum));
        }
        assertThat(tshark.waitFor(120, TimeUnit.SECONDS)).isTrue();
        // in tshark's checksum status fields 1 is "good", 0 "bad", 2 "unverified"
        assertThat(statuses.keySet()).allMatch(line -> line.matches("1\t(1)?\t(1)?"));
        assertThat(statuses.values().stream().mapToLong(Long::longValue).sum()).isEqualTo(packets.size());
    }

    @Test
    void aSizeLimitStopsBeforeTheFileWouldPassItAndMemoryStaysBounded() throws IOException {
        Scenario s = new Scenario(4, Scenario.DEFAULT_START_NANOS, Long.MAX_VALUE, 3_000_000, mix("office", 20, 4),
                new NatModel(NatModel.Mode.PRESERVE, PUBLIC), PathModel.PERFECT, 2, 200_000);
        Generate.Files3 run = Generate.run(dir, "size", s);
        long size = Files.size(run.pcap());
        assertThat(size).isLessThanOrEqualTo(3_000_000).isGreaterThan(3_000_000 - 1600);
        assertThat(run.result().bytes()).isEqualTo(size);
        assertThat(run.result().peakPending()).isLessThan(5_000);
    }

    private static boolean onPath(String tool) {
        for (String d : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            if (Files.isExecutable(Path.of(d, tool))) {
                return true;
            }
        }
        return false;
    }
}
