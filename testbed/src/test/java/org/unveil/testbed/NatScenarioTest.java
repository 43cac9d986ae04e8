package org.unveil.testbed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.unveil.capture.CaptureReader;
import org.unveil.capture.Captures;
import org.unveil.capture.Packet;
import org.unveil.capture.decode.PacketDecoder;
import org.unveil.capture.decode.PacketLayers;
import org.unveil.hosts.AddressHosts;
import org.unveil.hosts.EvidenceCollector;
import org.unveil.hosts.HostInference;
import org.unveil.hosts.truth.AttributionScore;
import org.unveil.hosts.truth.TruthMatcher;
import org.unveil.labels.LabelCsv;
import org.unveil.labels.NatLabel;
import org.unveil.testbed.CapturedFlows.Flow;
import org.unveil.testbed.CapturedFlows.Key;

/**
 * Runs a small NAT scenario per NAT mode and checks its labels against what the captures show, never against
 * what the script meant to do. One run per mode serves every test.
 */
class NatScenarioTest {
    /**
     * A label's time is when conntrack reported the flow's NEW event: after the kernel translated the first
     * packet, which tcpdump saw a little earlier (tens of µs to a few ms on a busy machine).
     */
    private static final long LABEL_BEFORE_PACKET_NANOS = 5_000_000L;
    private static final long LABEL_AFTER_PACKET_NANOS = 1_000_000_000L;
    /** The private-side packet precedes its translated copy by one pass through the gateway. */
    private static final long GATEWAY_TRANSIT_NANOS = 50_000_000L;
    private static final int INSIDE_NET = Addresses.of("10.0.0.0");
    private static final int PUBLIC_ADDR = Addresses.of("203.0.113.1");

    enum Nat {
        MASQUERADE("masquerade"), RANDOM_FULLY("random-fully");

        final String option;

        Nat(String option) {
            this.option = option;
        }
    }

    record Run(Path out, List<String> options, List<NatLabel> labels, List<ConfiguredHost> hosts,
            List<PlannedAction> plan, CapturedFlows publicSide, CapturedFlows privateSide) {
        ConfiguredHost host(int address) {
            return hosts.stream().filter(h -> h.address() == address).findFirst().orElseThrow();
        }
    }

    @TempDir
    static Path scratch;
    private static final Map<Nat, Run> RUNS = new EnumMap<>(Nat.class);

    private static synchronized Run run(Nat nat) throws IOException, InterruptedException {
        NatScript.assumeRunnable();
        Run done = RUNS.get(nat);
        if (done != null) {
            return done;
        }
        Path out = scratch.resolve(nat.option);
        // two hosts pinned so both sides of each stack setting occur; the others are drawn from the seed
        List<String> options = List.of("--hosts", "4", "--seed", "11", "--duration", "8", "--servers", "2",
                "--nat", nat.option, "--host-spec", "ttl=128,ts=0,ws=0,sack=0,ua=Mozilla/5.0 (X11, Testbed) like Gecko",
                "--host-spec", "ttl=255,ts=1,ws=1,sack=1");
        List<String> all = new ArrayList<>(options);
        all.addAll(List.of("--out", out.toString()));
        NatScript.Result result = NatScript.run(scratch, all.toArray(String[]::new));
        assertThat(result.exitCode()).as("testbed/nat exit code; stderr: %s", result.stderr()).isZero();
        Run run = new Run(out, options, LabelCsv.readNat(out.resolve("labels.csv")),
                ConfiguredHost.read(out.resolve("hosts.csv")), PlannedAction.read(out.resolve("plan.csv")),
                CapturedFlows.read(out.resolve("public.pcap").toString(), a -> a == PUBLIC_ADDR),
                CapturedFlows.read(out.resolve("private.pcap").toString(), NatScenarioTest::inside));
        RUNS.put(nat, run);
        return run;
    }

    private static boolean inside(int address) {
        return (address & 0xFFFFFF00) == INSIDE_NET;
    }

    private static Key key(NatLabel l) {
        return new Key(l.proto(), Addresses.of(l.src()), l.sport(), Addresses.of(l.dst()), l.dport());
    }

    private static boolean sameTime(NatLabel label, Flow flow) {
        long delta = label.firstMicros() * 1000 - flow.firstNanos;
        return delta >= -LABEL_BEFORE_PACKET_NANOS && delta <= LABEL_AFTER_PACKET_NANOS;
    }

    private static List<Flow> publicFlows(Run run, NatLabel label) {
        return run.publicSide().flows().stream().filter(f -> f.key.equals(key(label)) && sameTime(label, f)).toList();
    }

    /** The flow as it left the inside host: same server, same SYN sequence or first datagram, just before. */
    private static List<Flow> privateTwins(Run run, Flow outside, int host) {
        return run.privateSide().flows().stream().filter(f -> f.key.proto() == outside.key.proto()
                && f.key.src() == host && f.key.dst() == outside.key.dst() && f.key.dport() == outside.key.dport()
                && f.fingerprint == outside.fingerprint && f.firstNanos <= outside.firstNanos + 1_000_000
                && outside.firstNanos - f.firstNanos <= GATEWAY_TRANSIT_NANOS).toList();
    }

    private static Map<Flow, NatLabel> labelledFlows(Run run) {
        Map<Flow, NatLabel> byFlow = new HashMap<>();
        for (NatLabel label : run.labels()) {
            List<Flow> flows = publicFlows(run, label);
            assertThat(flows).as("public flows of label %s", label).hasSize(1);
            byFlow.put(flows.getFirst(), label);
        }
        return byFlow;
    }

    @ParameterizedTest
    @EnumSource(Nat.class)
    void everyPublicFlowHasExactlyOneLabelAndEveryLabelOnePublicFlow(Nat nat) throws Exception {
        Run run = run(nat);
        Map<Key, List<NatLabel>> labelsByKey = run.labels().stream().collect(Collectors.groupingBy(
                NatScenarioTest::key));
        List<String> unlabelled = new ArrayList<>();
        for (Flow flow : run.publicSide().flows()) {
            long matching = labelsByKey.getOrDefault(flow.key, List.of()).stream().filter(l -> sameTime(l, flow))
                    .count();
            if (matching != 1) {
                unlabelled.add(flow + " has " + matching + " labels");
            }
        }
        assertThat(unlabelled).isEmpty();
        assertThat(labelledFlows(run)).hasSameSizeAs(run.labels());
        Set<Integer> protocols = run.publicSide().flows().stream().map(f -> f.key.proto()).collect(Collectors.toSet());
        assertThat(protocols).as("the mix sends TCP and UDP")
                .contains(PacketLayers.PROTO_TCP, PacketLayers.PROTO_UDP);
        assertThat(run.labels()).isSortedAccordingTo((a, b) -> Long.compare(a.firstMicros(), b.firstMicros()));
    }

    @ParameterizedTest
    @EnumSource(Nat.class)
    void labelHostsAreTheInsideHostsWhosePrivateSideFlowBecameThePublicOne(Nat nat) throws Exception {
        Run run = run(nat);
        assertThat(run.labels().stream().map(l -> Addresses.of(l.host())).collect(Collectors.toSet()))
                .containsExactlyInAnyOrderElementsOf(run.hosts().stream().map(ConfiguredHost::address).toList());
        Set<Flow> twinned = new HashSet<>();
        labelledFlows(run).forEach((outside, label) -> {
            List<Flow> twins = privateTwins(run, outside, Addresses.of(label.host()));
            assertThat(twins).as("private-side flow of %s from %s", outside, label.host()).hasSize(1);
            twinned.add(twins.getFirst());
        });
        assertThat(run.privateSide().flows()).as("private-side flows leaving the gateway, each labelled")
                .filteredOn(f -> !inside(f.key.dst()) && f.key.dst() != Addresses.of("10.0.0.1"))
                .allMatch(twinned::contains);
    }

    @Test
    void randomFullyRewritesSourcePorts() throws Exception {
        assertThat(keptPortShare(run(Nat.RANDOM_FULLY))).isLessThan(0.2);
    }

    @Test
    void masqueradeKeepsSourcePortsWhenFree() throws Exception {
        assertThat(keptPortShare(run(Nat.MASQUERADE))).isGreaterThan(0.8);
    }

    private static double keptPortShare(Run run) {
        Map<Flow, NatLabel> labelled = labelledFlows(run);
        long kept = labelled.entrySet().stream().filter(e -> privateTwins(run, e.getKey(),
                Addresses.of(e.getValue().host())).getFirst().key.sport() == e.getKey().key.sport()).count();
        assertThat(labelled).hasSizeGreaterThan(10);
        return (double) kept / labelled.size();
    }

    @ParameterizedTest
    @EnumSource(Nat.class)
    void eachHostsConfiguredStackShowsInItsPackets(Nat nat) throws Exception {
        Run run = run(nat);
        Set<String> seen = new HashSet<>();
        labelledFlows(run).forEach((outside, label) -> {
            ConfiguredHost host = run.host(Addresses.of(label.host()));
            Flow inside = privateTwins(run, outside, host.address()).getFirst();
            assertThat(inside.firstTtl).as("TTL leaving %s", host.name()).isEqualTo(host.ttl());
            assertThat(outside.firstTtl).as("TTL of %s after the gateway's hop", host.name()).isEqualTo(host.ttl() - 1);
            if (outside.key.proto() != PacketLayers.PROTO_TCP) {
                return;
            }
            assertThat(outside.synSeen).as("SYN of %s", outside).isTrue();
            assertThat(outside.synTimestamps).as("TS option from %s", host.name()).isEqualTo(host.tcpTimestamps() != 0);
            assertThat(outside.synWindowScale).as("wscale from %s", host.name()).isEqualTo(host.windowScaling() == 1);
            assertThat(outside.synSackPermitted).as("SACK-permitted from %s", host.name()).isEqualTo(host.sack() == 1);
            assertThat(outside.userAgents).as("User-Agents from %s", host.name()).containsOnly(host.userAgent());
            seen.add("ts" + (host.tcpTimestamps() != 0) + (outside.userAgents.isEmpty() ? "" : " ua"));
        });
        assertThat(seen).as("the scenario has TCP flows with and without timestamps, with requests")
                .contains("tstrue ua", "tsfalse ua");
    }

    @ParameterizedTest
    @EnumSource(Nat.class)
    void everyPlannedRequestReachesTheGateway(Nat nat) throws Exception {
        Run run = run(nat);
        Map<String, Integer> addressOf = run.hosts().stream().collect(Collectors.toMap(ConfiguredHost::name,
                ConfiguredHost::address));
        List<String> planned = new ArrayList<>();
        List<String> plannedUdp = new ArrayList<>();
        for (PlannedAction a : run.plan()) {
            String where = Addresses.text(addressOf.get(a.host())) + " > " + Addresses.text(a.server()) + ":" + a.port();
            if (a.isHttp()) {
                a.requestUris().forEach(uri -> planned.add(where + " " + uri));
            } else {
                plannedUdp.add(where);
            }
        }
        List<String> requested = new ArrayList<>();
        List<String> udpFlows = new ArrayList<>();
        for (Flow f : run.privateSide().flows()) {
            String where = Addresses.text(f.key.src()) + " > " + Addresses.text(f.key.dst()) + ":" + f.key.dport();
            f.requestUris.forEach(uri -> requested.add(where + " " + uri));
            if (f.key.proto() == PacketLayers.PROTO_UDP) {
                udpFlows.add(where);
            }
        }
        assertThat(requested).containsExactlyInAnyOrderElementsOf(planned);
        assertThat(udpFlows).containsExactlyInAnyOrderElementsOf(plannedUdp);
    }

    @ParameterizedTest
    @EnumSource(Nat.class)
    void bothCapturesOpenInTsharkWithTheSamePacketCount(Nat nat) throws Exception {
        Run run = run(nat);
        assumeTrue(new ProcessBuilder("bash", "-c", "command -v tshark").start().waitFor() == 0,
                "tshark is not installed");
        for (var side : Map.of("public.pcap", run.publicSide(), "private.pcap", run.privateSide()).entrySet()) {
            Process tshark = new ProcessBuilder("tshark", "-r", run.out().resolve(side.getKey()).toString(), "-T",
                    "fields", "-e", "frame.number").redirectError(ProcessBuilder.Redirect.DISCARD).start();
            long lines = new String(tshark.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).lines().count();
            assertThat(tshark.waitFor()).as("tshark -r %s", side.getKey()).isZero();
            assertThat(lines).as("frames of %s", side.getKey()).isEqualTo(side.getValue().packets());
        }
    }

    /**
     * End to end with real kernels: `unveil hosts`'s range holds the true count and its hosts are nearly pure.
     * (Exact counts and the adjusted Rand index over many scenarios: hosts/README.md's accuracy table.)
     */
    @ParameterizedTest
    @EnumSource(Nat.class)
    void hostDiscoveryRangeHoldsTheHostsBehindTheGateway(Nat nat) throws Exception {
        Run run = run(nat);
        EvidenceCollector collector = new EvidenceCollector();
        try (CaptureReader reader = Captures.open(run.out().resolve("public.pcap").toString(), p -> { })) {
            Packet packet = new Packet();
            PacketLayers layers = new PacketLayers();
            while (reader.next(packet)) {
                collector.add(packet, PacketDecoder.decode(packet, layers));
            }
        }
        AddressHosts found = HostInference.infer(collector.flows(), "203.0.113.1").getFirst();
        TruthMatcher truth = new TruthMatcher(run.labels());
        AttributionScore score = new AttributionScore();
        for (int i = 0; i < found.flows().size(); i++) {
            score.add(truth.hostOf(found.flows().get(i)), found.hosts().get(found.hostOf()[i]).id());
        }
        assertThat(score.trueHosts()).isEqualTo(run.hosts().size());
        assertThat(found.hostCountLow()).isLessThanOrEqualTo(run.hosts().size());
        assertThat(found.hostCountHigh()).isGreaterThanOrEqualTo(run.hosts().size());
        assertThat(score.purity()).isGreaterThanOrEqualTo(0.85);
    }

    @ParameterizedTest
    @EnumSource(Nat.class)
    void theSeedAloneFixesTheHostsAndThePlan(Nat nat) throws Exception {
        Run run = run(nat);
        Path again = scratch.resolve(nat.option + "-plan");
        List<String> options = new ArrayList<>(run.options());
        options.addAll(List.of("--out", again.toString(), "--plan-only"));
        assertThat(NatScript.run(scratch, options.toArray(String[]::new)).exitCode()).isZero();
        for (String file : List.of("hosts.csv", "plan.csv")) {
            assertThat(again.resolve(file)).as(file).hasSameTextualContentAs(run.out().resolve(file));
        }
    }
}
