package org.unveil.hosts;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.io.StringWriter;
import java.lang.foreign.MemorySegment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.TreeMap;
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
 * The per-address work as an engine keying packets by address does it: every packet copied to each address it
 * touches ({@link AddressInference#addresses}), each address inferred alone from its packets in capture order,
 * gives the hosts of one pass over everything, address by address (the Flink hosts job rests on this).
 */
class AddressInferenceTest {
    @TempDir
    static Path dir;
    private static Path capture;
    private static Path natted;

    /**
     * Two minutes of 20 modelled hosts of every OS, without a NAT (20 client addresses), and the same behind a NAT
     * that picks random source ports (one public address, several hosts behind it).
     */
    @BeforeAll
    static void write() throws IOException {
        capture = scenario("twenty.pcap", NatModel.NONE);
        natted = scenario("natted.pcap", new NatModel(NatModel.Mode.RANDOM, Ipv4.parse("203.0.113.1")));
    }

    private static Path scenario(String name, NatModel nat) throws IOException {
        Scenario scenario = new Scenario(11, Scenario.DEFAULT_START_NANOS, 120_000_000_000L, 0,
                HostMix.named("all").hosts(20, Ipv4.parse("198.51.100.10"), new SplittableRandom(11)), nat,
                new PathModel(0, 0, 0), 2, 20_000);
        Path file = dir.resolve(name);
        try (OutputStream out = Files.newOutputStream(file)) {
            new SyntheticCapture(scenario).run(out, new StringWriter());
        }
        return file;
    }

    @Test
    void eachAddressAloneFromItsPacketsGivesTheHostsOfOnePass() throws IOException {
        assertThat(sameAlone(capture)).hasSize(20);
        List<AddressHosts> behindNat = sameAlone(natted);
        assertThat(behindNat).extracting(AddressHosts::address).contains("203.0.113.1");
        assertThat(behindNat.stream().filter(a -> a.address().equals("203.0.113.1")).findFirst().orElseThrow()
                .hostCount()).isGreaterThan(1);
    }

    /** Real captures, where an address is a client of some flows and the server of others. */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"samples/dosattack.pcap", "samples/evilprogram.pcap"})
    void realCapturesGiveTheSameHostsAddressByAddress(String name) throws IOException {
        Path file = Corpus.root().resolve(name);
        Assumptions.assumeTrue(Files.isRegularFile(file), "the corpus is absent: " + file);
        assertThat(sameAlone(file)).hasSizeGreaterThan(5);
    }

    private record Copy(long number, long nanos, int linkType, long offset, int originalLength, byte[] data) {
    }

    private static List<AddressHosts> sameAlone(Path file) throws IOException {
        List<AddressHosts> once = new ArrayList<>();
        HostPasses.run(new HostPasses.Input() {
            @Override
            public void read(int pass, HostPasses.Sink sink) throws IOException {
                readAll(file, sink);
            }
        }, null, MemoryBudget.defaults(), c -> c::add, (results, sink) -> once.addAll(results));

        // keyed by address in address order, as the job's last task sorts them
        TreeMap<long[], List<Copy>> byAddress = new TreeMap<>((a, b) -> AddressInference.compare(a[0], a[1], b[0],
                b[1]));
        readAll(file, (packet, layers) -> {
            Copy c = new Copy(packet.number(), packet.timestampNanos(), packet.linkType(), packet.fileOffset(),
                    packet.originalLength(), packet.copyBytes());
            AddressInference.addresses(layers, (high, low) -> byAddress.computeIfAbsent(new long[] {high, low},
                    k -> new ArrayList<>()).add(c));
        });
        List<AddressHosts> alone = new ArrayList<>();
        for (var e : byAddress.entrySet()) {
            alone.addAll(AddressInference.infer(AddressInference.format(e.getKey()[0], e.getKey()[1]),
                    MemoryBudget.defaults(), sink -> {
                        Packet packet = new Packet();
                        PacketLayers layers = new PacketLayers();
                        for (Copy c : e.getValue()) {
                            packet.set(c.number(), c.nanos(), c.linkType(), 0, c.offset(),
                                    MemorySegment.ofArray(c.data()), 0, c.data().length, c.originalLength());
                            sink.add(packet, PacketDecoder.decode(packet, layers));
                        }
                    }));
        }
        assertThat(alone).extracting(AddressHosts::address)
                .isEqualTo(once.stream().map(AddressHosts::address).toList());
        for (int i = 0; i < once.size(); i++) {
            AddressHosts a = once.get(i);
            AddressHosts b = alone.get(i);
            assertThat(HostsJson.address(b, null, null)).as(a.address()).isEqualTo(HostsJson.address(a, null, null));
            assertThat(b.hostOf()).as(a.address()).isEqualTo(a.hostOf());
            assertThat(b.confidence()).as(a.address()).isEqualTo(a.confidence());
            assertThat(b.flows()).extracting(FlowEvidence::firstNanos, FlowEvidence::clientPort, FlowEvidence::server)
                    .as(a.address()).isEqualTo(a.flows().stream().map(f -> org.assertj.core.groups.Tuple.tuple(
                            f.firstNanos(), f.clientPort(), f.server())).toList());
        }
        return once;
    }

    private static void readAll(Path file, HostPasses.Sink sink) throws IOException {
        try (CaptureReader reader = Captures.open(file.toString(), problem -> { })) {
            Packet packet = new Packet();
            PacketLayers layers = new PacketLayers();
            while (reader.next(packet)) {
                sink.add(packet, PacketDecoder.decode(packet, layers));
            }
        }
    }
}
