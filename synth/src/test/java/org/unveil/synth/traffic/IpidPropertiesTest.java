package org.unveil.synth.traffic;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.unveil.synth.Seen;
import org.unveil.synth.model.HostProfile;
import org.unveil.generator.stack.IpidModel;
import org.unveil.synth.model.NatModel;
import org.unveil.synth.model.OsFamily;
import org.unveil.synth.model.PathModel;

/** The IPID models hold in the written capture, read back with the capture module. */
class IpidPropertiesTest {
    @TempDir
    static Path dir;
    static List<HostProfile> hosts = new ArrayList<>();
    static List<Seen> packets;

    @BeforeAll
    static void generate() throws IOException {
        SplittableRandom rng = new SplittableRandom(7);
        OsFamily[] families = {OsFamily.WINDOWS, OsFamily.WINDOWS_SWAPPED, OsFamily.EMBEDDED_15BIT,
            OsFamily.LINUX_OLD, OsFamily.MACOS, OsFamily.LINUX};
        for (int i = 0; i < families.length; i++) {
            hosts.add(families[i].host(0x0A00_0001 + i, rng));
        }
        Scenario s = Generate.scenario(11, 10 * Generate.MINUTE, hosts, NatModel.NONE, PathModel.PERFECT, 2);
        packets = Seen.read(Generate.run(dir, "ipid", s).pcap());
    }

    private static List<Seen> from(HostProfile h) {
        return packets.stream().filter(p -> p.from(h.address())).toList();
    }

    private static Map<Integer, List<Integer>> byDestination(HostProfile h) {
        Map<Integer, List<Integer>> m = new HashMap<>();
        for (Seen p : from(h)) {
            m.computeIfAbsent(p.dst(), k -> new ArrayList<>()).add(p.ipid());
        }
        return m;
    }

    /** Each step of each per-destination sequence, modulo the counter's range. */
    private static List<Integer> steps(Map<Integer, List<Integer>> sequences, int modulus, boolean swap) {
        List<Integer> steps = new ArrayList<>();
        for (List<Integer> seq : sequences.values()) {
            for (int i = 1; i < seq.size(); i++) {
                int a = swap ? Short.reverseBytes(seq.get(i - 1).shortValue()) & 0xFFFF : seq.get(i - 1);
                int b = swap ? Short.reverseBytes(seq.get(i).shortValue()) & 0xFFFF : seq.get(i);
                steps.add(Math.floorMod(b - a, modulus));
            }
        }
        return steps;
    }

    @Test
    void perDestinationCountersGrowByOnePerPacketToEachDestination() {
        HostProfile windows = hosts.get(0);
        Map<Integer, List<Integer>> seqs = byDestination(windows);
        assertThat(seqs).hasSizeGreaterThan(3);
        assertThat(steps(seqs, 1 << 16, false)).hasSizeGreaterThan(1000).containsOnly(1);
        // where the destination changes the host's IPIDs jump: that is what tells it from a global counter
        List<Seen> all = from(windows);
        long changes = 0;
        long unitSteps = 0;
        for (int i = 1; i < all.size(); i++) {
            if (all.get(i).dst() != all.get(i - 1).dst()) {
                changes++;
                unitSteps += Math.floorMod(all.get(i).ipid() - all.get(i - 1).ipid(), 1 << 16) == 1 ? 1 : 0;
            }
        }
        assertThat(changes).isGreaterThan(100);
        assertThat((double) unitSteps / changes).isLessThan(0.05);
    }

    @Test
    void byteSwappedCountersGrowAfterSwappingTheirBytes() {
        Map<Integer, List<Integer>> seqs = byDestination(hosts.get(1));
        assertThat(steps(seqs, 1 << 16, true)).hasSizeGreaterThan(1000).containsOnly(1);
        List<Integer> raw = steps(seqs, 1 << 16, false);
        assertThat(raw.stream().filter(d -> d == 256).count()).isGreaterThan(raw.size() * 9 / 10);
    }

    @Test
    void fifteenBitCountersStayBelowTwoToTheFifteenAndWrapThere() {
        Map<Integer, List<Integer>> seqs = byDestination(hosts.get(2));
        assertThat(seqs.values().stream().flatMap(List::stream)).allMatch(v -> v < 1 << 15);
        assertThat(steps(seqs, 1 << 15, false)).hasSizeGreaterThan(1000).containsOnly(1);
    }

    @Test
    void aGlobalCounterGrowsByOneAcrossAllDestinations() {
        List<Seen> all = from(hosts.get(3));
        assertThat(all.stream().map(Seen::dst).distinct().count()).isGreaterThan(3);
        for (int i = 1; i < all.size(); i++) {
            assertThat(Math.floorMod(all.get(i).ipid() - all.get(i - 1).ipid(), 1 << 16)).isEqualTo(1);
        }
    }

    @Test
    void randomIpidsAreNotMonotonic() {
        List<Integer> steps = steps(byDestination(hosts.get(4)), 1 << 16, false);
        long small = steps.stream().filter(d -> d > 0 && d < 64).count();
        long backwards = steps.stream().filter(d -> d >= 1 << 15).count();
        assertThat(steps).hasSizeGreaterThan(1000);
        assertThat((double) small / steps.size()).isLessThan(0.01);
        assertThat((double) backwards / steps.size()).isBetween(0.4, 0.6);
    }

    @Test
    void perConnectionCountersGrowWithinAConnectionOnly() {
        HostProfile linux = hosts.get(5);
        assertThat(linux.ipid()).isInstanceOf(IpidModel.PerConnection.class);
        // a connection runs from the host's SYN to the next SYN on the same port and destination
        Map<Long, List<Integer>> current = new HashMap<>();
        Map<Integer, List<Integer>> connections = new HashMap<>();
        for (Seen p : from(linux)) {
            if (p.proto() == 6) {
                long key = (long) p.sport() << 32 | Integer.toUnsignedLong(p.dst());
                if (p.syn()) {
                    List<Integer> seq = new ArrayList<>();
                    connections.put(connections.size(), seq);
                    current.put(key, seq);
                }
                current.get(key).add(p.ipid());
            }
        }
        assertThat(connections).hasSizeGreaterThan(100);
        assertThat(steps(connections, 1 << 16, false)).containsOnly(1);
        assertThat(steps(byDestination(linux), 1 << 16, false).stream().filter(d -> d != 1).count()).isPositive();
    }
}
