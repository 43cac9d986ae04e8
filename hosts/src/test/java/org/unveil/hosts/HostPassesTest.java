package org.unveil.hosts;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.unveil.capture.CaptureReader;
import org.unveil.capture.Captures;
import org.unveil.capture.Packet;
import org.unveil.capture.decode.PacketDecoder;
import org.unveil.capture.decode.PacketLayers;
import org.unveil.capture.oracle.Corpus;
import org.unveil.synth.model.HostMix;
import org.unveil.synth.model.Ipv4;
import org.unveil.synth.model.NatModel;
import org.unveil.synth.model.PathModel;
import org.unveil.synth.traffic.Scenario;
import org.unveil.synth.traffic.SyntheticCapture;

/**
 * A capture read in several passes, each over fewer client addresses, gives the hosts one pass over everything
 * gives: the same addresses in the same order, each with the same hosts, attributions and confidences.
 */
class HostPassesTest {
    @TempDir
    static Path dir;
    private static Path capture;

    /** Two minutes of 30 modelled hosts of every OS, without a NAT: 30 client addresses, a few hundred flows each. */
    @BeforeAll
    static void write() throws IOException {
        Scenario scenario = new Scenario(7, Scenario.DEFAULT_START_NANOS, 120_000_000_000L, 0,
                HostMix.named("all").hosts(30, Ipv4.parse("198.51.100.10"), new SplittableRandom(7)), NatModel.NONE,
                new PathModel(0, 0, 0), 2, 20_000);
        capture = dir.resolve("thirty.pcap");
        try (OutputStream out = Files.newOutputStream(capture)) {
            new SyntheticCapture(scenario).run(out, new StringWriter());
        }
    }

    @Test
    void passesOfAFewAddressesEachGiveTheHostsOfOnePass() throws IOException {
        List<AddressHosts> once = samePassesOrNot(capture, 8);
        assertThat(once).hasSize(30);
    }

    /**
     * Real captures, where one address is a client of some flows and the server of others, and flows start with
     * anything but a SYN: dosattack.pcap (100 addresses flooding one) and evilprogram.pcap (a Windows XP host and
     * the 49 servers and peers it met).
     */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"samples/dosattack.pcap", "samples/evilprogram.pcap"})
    void passesOverARealCaptureGiveTheHostsOfOnePass(String name) throws IOException {
        Path file = Corpus.root().resolve(name);
        Assumptions.assumeTrue(Files.isRegularFile(file), "the corpus is absent: " + file);
        assertThat(samePassesOrNot(file, 5)).hasSizeGreaterThan(5);
    }

    /** The hosts of one pass over {@code file}, checked equal to those of passes of a {@code parts}th of its flows. */
    private static List<AddressHosts> samePassesOrNot(Path file, int parts) throws IOException {
        List<AddressHosts> once = new ArrayList<>();
        HostPasses.Summary whole = HostPasses.run(new FileInput(file, true), null, MemoryBudget.defaults(),
                c -> c::add, (results, sink) -> once.addAll(results));
        assertThat(whole.passes()).isOne();
        int flows = once.stream().mapToInt(a -> a.flows().size()).sum();

        List<AddressHosts> inPasses = new ArrayList<>();
        int limit = flows / parts;
        HostPasses.Summary split = HostPasses.run(new FileInput(file, true), null, MemoryBudget.defaults(), limit,
                c -> c::add, (results, sink) -> inPasses.addAll(results));

        // halving a pass's addresses when it outgrows the limit: passes of a half to a whole limit, rarely fewer
        assertThat(split.passes()).isBetween(parts, 3 * parts);
        // one flow over the limit makes a pass split; an address with more flows than that cannot be split, but
        // others beside it are split off once they add as many again
        int largest = once.stream().mapToInt(a -> a.flows().size()).max().orElseThrow();
        assertThat(split.mostFlows()).isLessThanOrEqualTo(largest > limit ? largest + limit + 1 : limit + 1);
        assertThat(inPasses).extracting(AddressHosts::address).isEqualTo(once.stream().map(AddressHosts::address)
                .toList());
        for (int i = 0; i < once.size(); i++) {
            AddressHosts a = once.get(i);
            AddressHosts b = inPasses.get(i);
            assertThat(b.hosts()).as(a.address()).isEqualTo(a.hosts());
            assertThat(b.hostOf()).as(a.address()).isEqualTo(a.hostOf());
            assertThat(b.confidence()).as(a.address()).isEqualTo(a.confidence());
            assertThat(b.flows()).extracting(FlowEvidence::firstNanos, FlowEvidence::clientPort, FlowEvidence::server)
                    .as(a.address()).isEqualTo(a.flows().stream().map(f -> org.assertj.core.groups.Tuple.tuple(
                            f.firstNanos(), f.clientPort(), f.server())).toList());
        }
        return once;
    }

    @Test
    void oneAddressAskedForIsReadInOnePassHoweverSmallThePasses() throws IOException {
        List<AddressHosts> got = new ArrayList<>();
        HostPasses.Summary summary = HostPasses.run(new FileInput(capture, true), "198.51.100.12", MemoryBudget.defaults(), 5,
                c -> c::add, (results, sink) -> got.addAll(results));
        assertThat(summary.passes()).isOne();
        assertThat(got).extracting(AddressHosts::address).containsExactly("198.51.100.12");
        assertThat(summary.mostFlows()).isEqualTo(got.getFirst().flows().size()).isGreaterThan(5);
    }

    @Test
    void anAddressThatAloneOutgrowsAPassIsToldOnceAsItHappens() throws IOException {
        FileInput input = new FileInput(capture, true);
        List<AddressHosts> got = new ArrayList<>();
        HostPasses.run(input, "198.51.100.12", MemoryBudget.defaults(), 5, c -> c::add,
                (results, sink) -> got.addAll(results));
        assertThat(input.outgrown).containsExactly("198.51.100.12 6");
        assertThat(got.getFirst().flows().size()).isGreaterThan(6); // told at the first flow over, not at the end

        FileInput stream = new FileInput(capture, false);
        HostPasses.run(stream, null, MemoryBudget.defaults(), 10, c -> c::add, (results, sink) -> { });
        assertThat(stream.outgrown).containsExactly("null 11");

        FileInput roomy = new FileInput(capture, true);
        HostPasses.run(roomy, null, MemoryBudget.defaults(), c -> c::add, (results, sink) -> { });
        assertThat(roomy.outgrown).isEmpty();
    }

    /**
     * Issue 12: one address's flows past the clustering budget go to disk as they end, so the pass holds no more
     * of them than the budget clusters; attributed as they are read back, they get the hosts and confidences that
     * the same budget gives them when every flow is held in memory.
     */
    @Test
    void oneAddressPastTheBudgetIsHeldToItAndAttributedAsIfAllWereInMemory() throws IOException {
        Scenario scenario = new Scenario(3, Scenario.DEFAULT_START_NANOS, 1_200_000_000_000L, 0,
                HostMix.named("home").hosts(6, Ipv4.parse("10.0.0.10"), new SplittableRandom(3)),
                new NatModel(NatModel.Mode.PRESERVE, Ipv4.parse("192.0.2.1")), new PathModel(0, 0, 0), 0.5, 100_000);
        Path nat = dir.resolve("home.pcap");
        try (OutputStream out = Files.newOutputStream(nat)) {
            new SyntheticCapture(scenario).run(out, new StringWriter());
        }
        MemoryBudget tiny = new MemoryBudget(1 << 20);
        int clustered = tiny.clusteredFlowsPerAddress();

        EvidenceCollector[] pass = new EvidenceCollector[1];
        List<String> spilled = new ArrayList<>();
        HostPasses.run(new FileInput(nat, true), null, tiny, c -> {
            pass[0] = c;
            return c::add;
        }, (results, sink) -> results.forEach(a -> spilled.add(digest(a))));

        EvidenceCollector whole = new EvidenceCollector();
        new FileInput(nat, true).read(0, whole::add);
        List<String> inMemory = HostInference.infer(whole.flows(), null, tiny).stream()
                .map(HostPassesTest::digest).toList();

        assertThat(whole.booked()).as("flows of the address").isGreaterThan(3 * clustered);
        assertThat(pass[0].booked()).as("flows the pass held in memory").isLessThanOrEqualTo(clustered);
        assertThat(spilled).isEqualTo(inMemory);
    }

    /** An address's hosts and every flow's 5-tuple, host and confidence, as the outputs write them. */
    private static String digest(AddressHosts a) {
        StringBuilder s = new StringBuilder(a.address() + " " + a.hostCount() + " " + a.hosts() + "\n");
        for (int i = 0; i < a.flows().size(); i++) {
            FlowEvidence f = a.flows().get(i);
            s.append(f.firstNanos()).append(' ').append(f.clientPort()).append(' ').append(f.server()).append(' ')
                    .append(a.hostId(i)).append(' ').append(a.confidence(i)).append('\n');
        }
        return s.toString();
    }

    @Test
    void aStreamIsReadOnceWhateverTheBudget() throws IOException {
        List<AddressHosts> got = new ArrayList<>();
        FileInput stream = new FileInput(capture, false);
        HostPasses.Summary summary = HostPasses.run(stream, null, MemoryBudget.defaults(), 10, c -> c::add,
                (results, sink) -> got.addAll(results));
        assertThat(summary.passes()).isOne();
        assertThat(stream.reads).isOne();
        assertThat(got).hasSize(30);
    }

    /** A capture read from the start each pass. */
    private static final class FileInput implements HostPasses.Input {
        private final Path file;
        private final boolean rereadable;
        final List<String> outgrown = new ArrayList<>();
        int reads;

        FileInput(Path file, boolean rereadable) {
            this.file = file;
            this.rereadable = rereadable;
        }

        @Override
        public void read(int pass, HostPasses.Sink sink) throws IOException {
            assertThat(pass).isEqualTo(reads++);
            try (CaptureReader reader = Captures.open(file.toString(), problem -> { })) {
                Packet packet = new Packet();
                PacketLayers layers = new PacketLayers();
                while (reader.next(packet)) {
                    sink.add(packet, PacketDecoder.decode(packet, layers));
                }
            }
        }

        @Override
        public boolean rereadable() {
            return rereadable;
        }

        @Override
        public void outgrown(String address, int flows) {
            outgrown.add(address + " " + flows);
        }
    }
}
