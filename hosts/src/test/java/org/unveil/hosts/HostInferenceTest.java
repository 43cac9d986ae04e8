package org.unveil.hosts;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.unveil.capture.Packet;
import org.unveil.hosts.InsideHost.Stack;
import org.unveil.hosts.evidence.EvidenceKind;
import org.unveil.hosts.link.CounterLinkers;
import org.unveil.hosts.link.Edge;
import org.unveil.hosts.truth.AttributionScore;

class HostInferenceTest {
    static final String S1 = "198.51.100.80";
    static final String S2 = "203.0.113.80";

    /** Runs the hosts' connections (interleaved in time) through the collector; returns the truth per flow. */
    private static AddressHosts infer(List<InsideHost> hosts, int connectionsEach, Map<Integer, String> truth) {
        return infer(hosts, connectionsEach, 700_000_000L, truth);
    }

    private static AddressHosts infer(List<InsideHost> hosts, int connectionsEach, long gapNanos,
            Map<Integer, String> truth) {
        List<Packet> packets = new ArrayList<>();
        Map<Long, String> hostBySynTime = new HashMap<>();
        long t = 1_700_000_000_000_000_000L;
        for (int round = 0; round < connectionsEach; round++) {
            for (InsideHost h : hosts) {
                int before = packets.size();
                h.connect(packets, round % 3 == 2 ? S2 : S1, t);
                hostBySynTime.put(packets.get(before).timestampNanos(), h.name);
                t += gapNanos;
            }
        }
        List<FlowEvidence> flows = InsideHost.evidenceOf(packets);
        List<AddressHosts> result = HostInference.infer(flows, null);
        assertThat(result).singleElement().extracting(AddressHosts::address).isEqualTo(InsideHost.PUBLIC);
        AddressHosts a = result.getFirst();
        for (int i = 0; i < a.flows().size(); i++) {
            truth.put(i, hostBySynTime.get(a.flows().get(i).firstNanos()));
        }
        return a;
    }

    private static AttributionScore score(AddressHosts a, Map<Integer, String> truth) {
        AttributionScore score = new AttributionScore();
        for (int i = 0; i < a.flows().size(); i++) {
            score.add(truth.get(i), a.hosts().get(a.hostOf()[i]).id());
        }
        return score;
    }

    @Test
    void linuxHostsWithOwnUserAgentsAndAWindowsHostAreCountedAndEveryFlowAttributed() {
        List<InsideHost> hosts = List.of(
                new InsideHost("a", Stack.LINUX, "curl/8.5.0", 1, 40),
                new InsideHost("b", Stack.LINUX, "Wget/1.21.3", 2, -25),
                new InsideHost("c", Stack.WINDOWS, "Mozilla/5.0 (Windows NT 10.0; Win64; x64)", 3, 0));
        Map<Integer, String> truth = new HashMap<>();
        AddressHosts a = infer(hosts, 9, truth);

        assertThat(a.hostCount()).isEqualTo(3);
        assertThat(a.hostCountLow()).isLessThanOrEqualTo(3);
        assertThat(a.hostCountHigh()).isGreaterThanOrEqualTo(3);
        AttributionScore score = score(a, truth);
        assertThat(score.adjustedRandIndex()).isEqualTo(1.0);
        assertThat(a.hosts()).extracting(HostProfile::os).containsExactlyInAnyOrder("linux-5.x/6.x", "linux-5.x/6.x", "windows-10/11");
    }

    @Test
    void twoLinuxHostsSharingEverythingButTheirClocksAreStillTwo() {
        // Same OS, same User-Agent: only the TCP timestamp clocks, per destination, tell them apart.
        List<InsideHost> hosts = List.of(
                new InsideHost("a", Stack.LINUX, "curl/8.5.0", 11, 10),
                new InsideHost("b", Stack.LINUX, "curl/8.5.0", 12, 10));
        Map<Integer, String> truth = new HashMap<>();
        AddressHosts a = infer(hosts, 9, truth);

        assertThat(a.hostCount()).isEqualTo(2);
        assertThat(a.hostCountLow()).isEqualTo(2);
        // Flows to the second server cannot be tied to either host's first-server flows: the purity shows it.
        assertThat(score(a, truth).purity()).isGreaterThanOrEqualTo(0.6);
    }

    @Test
    void linuxHostsSharingEverythingAreToldApartOnEveryDestinationByTheirSkews() {
        // As above, but watched for two minutes: each host's lines to both servers run 60 ppm apart (Kohno).
        List<InsideHost> hosts = List.of(
                new InsideHost("a", Stack.LINUX, "curl/8.5.0", 11, 30),
                new InsideHost("b", Stack.LINUX, "curl/8.5.0", 12, -30));
        Map<Integer, String> truth = new HashMap<>();
        AddressHosts a = infer(hosts, 60, 1_000_000_000L, truth);

        assertThat(a.hostCount()).isEqualTo(2);
        assertThat(score(a, truth).adjustedRandIndex()).isEqualTo(1.0);
        assertThat(a.hosts()).extracting(HostProfile::skewPpm)
                .allSatisfy(skew -> assertThat(Math.abs(skew)).isBetween(25.0, 35.0));
    }

    @Test
    void connectionsOffAHostsPerDestinationClockLineComeFromAnotherHost() {
        // A Linux 4.10 host draws an offset per connection; beside a host that keeps one per destination, none of
        // its connections can be that host's, though OS and User-Agent are the same.
        List<InsideHost> hosts = List.of(
                new InsideHost("pair", Stack.LINUX, "curl/8.5.0", 31, 0),
                new InsideHost("conn", Stack.LINUX_4_10, "curl/8.5.0", 32, 0));
        Map<Integer, String> truth = new HashMap<>();
        AddressHosts a = infer(hosts, 9, truth);

        assertThat(a.hostCount()).isEqualTo(2);
        assertThat(a.hostCountLow()).isEqualTo(2);
        assertThat(score(a, truth).adjustedRandIndex()).isEqualTo(1.0);
    }

    @Test
    void oneHostStaysOneHostAcrossDestinationsAndItsLinkedConnectionsGiveItsClockRate() {
        Map<Integer, String> truth = new HashMap<>();
        AddressHosts a = infer(List.of(new InsideHost("a", Stack.LINUX, "curl/8.5.0", 5, 0)), 12, truth);
        assertThat(a.hostCount()).isEqualTo(1);
        assertThat(a.hosts().getFirst().flows()).isEqualTo(12);
        // Each connection lasts milliseconds; only the line through several of them shows the 1 kHz clock.
        assertThat(a.hosts().getFirst().clockHz()).isEqualTo(1000.0);
    }

    @Test
    void windowsHostsWithoutTimestampsAreSeparatedByTheirIpidCounters() {
        List<InsideHost> hosts = List.of(
                new InsideHost("w1", Stack.WINDOWS, "Mozilla/5.0 (Windows NT 10.0; Win64; x64)", 21, 0),
                new InsideHost("w2", Stack.WINDOWS, "Mozilla/5.0 (Windows NT 10.0; Win64; x64)", 22, 0));
        Map<Integer, String> truth = new HashMap<>();
        AddressHosts a = infer(hosts, 8, truth);
        assertThat(a.hostCountHigh()).isGreaterThanOrEqualTo(2);
        assertThat(score(a, truth).adjustedRandIndex()).isGreaterThan(0.9);
        assertThat(a.hostCount()).isEqualTo(2);
    }

    @Test
    void perDestinationIpidCountersAreFollowedAcrossLongQuietGaps() {
        // Behind a port-randomising NAT, connecting every 30 s: only the IPID counters, which move only with
        // what each host sends to that destination, continue from one connection to the next.
        List<InsideHost> hosts = List.of(
                new InsideHost("w1", Stack.WINDOWS, "Mozilla/5.0 (Windows NT 10.0; Win64; x64)", 41, 0).randomisedPorts(),
                new InsideHost("w2", Stack.WINDOWS, "Mozilla/5.0 (Windows NT 10.0; Win64; x64)", 42, 0).randomisedPorts());
        Map<Integer, String> truth = new HashMap<>();
        AddressHosts a = infer(hosts, 9, 15_000_000_000L, truth);
        assertThat(a.hostCount()).isEqualTo(2);
        // per destination the counters keep the hosts apart; across the two destinations nothing can
        assertThat(score(a, truth).purity()).isGreaterThanOrEqualTo(0.6);
    }

    @Test
    void identicalWindowsHostsAreToldApartAcrossDestinationsByTheirLookups() {
        // Behind a port-randomising NAT, two hosts alike in everything: per destination their IPID counters
        // keep them apart, and only each host's lookups (one chain on its counter for the resolver, each followed
        // by a connection) say which destinations' chains are one host's.
        lookupsTieEachHostsDestinations(List.of(
                new InsideHost("w1", Stack.WINDOWS, "Mozilla/5.0 (Windows NT 10.0; Win64; x64)", 51, 0).randomisedPorts(),
                new InsideHost("w2", Stack.WINDOWS, "Mozilla/5.0 (Windows NT 10.0; Win64; x64)", 52, 0).randomisedPorts()));
    }

    @Test
    void byteSwappingHostsLookupsAreReadInTheirChainsByteOrder() {
        // As above, for old Windows, which writes its counters byte-swapped: a lookup's one value cannot show that,
        // so it continues its resolver chain only when read in that chain's order.
        lookupsTieEachHostsDestinations(List.of(
                new InsideHost("w1", Stack.WINDOWS, "Mozilla/4.0 (compatible; MSIE 8.0; Windows NT 6.1)", 51, 0)
                        .randomisedPorts().swappedIpids(),
                new InsideHost("w2", Stack.WINDOWS, "Mozilla/4.0 (compatible; MSIE 8.0; Windows NT 6.1)", 52, 0)
                        .randomisedPorts().swappedIpids()));
    }

    /** Two hosts each look a name up, then connect to one of four servers: both counted, their flows attributed. */
    @Test
    void aConnectionOpenedBesideAnotherContinuesTheCounterChainItInterleavesWith() {
        InsideHost host = new InsideHost("w", Stack.WINDOWS, "Mozilla/5.0 (Windows NT 10.0; Win64; x64)", 91, 0)
                .randomisedPorts();
        List<Packet> packets = new ArrayList<>();
        for (int round = 0; round < 8; round++) {
            host.connectTogether(packets, S1, 1_700_000_000_000_000_000L + round * 5_000_000_000L);
        }
        List<FlowEvidence> flows = InsideHost.evidenceOf(packets);
        assertThat(flows).hasSize(16);
        // one chain: every flow but the first continues another on the destination's counter
        Set<Integer> continued = new HashSet<>();
        for (Edge e : CounterLinkers.ipid(flows).edges().toList()) {
            if (e.evidence() == EvidenceKind.IPID_DESTINATION_SEQUENCE) {
                continued.add(e.b());
            }
        }
        assertThat(continued).hasSize(15).doesNotContain(0);
    }

    @Test
    void connectionsOneHostOpensTogetherShareItsCounterAndKeepItOneHost() {
        // Each host opens its connections in pairs, which take turns at the destination's counter: the second
        // starts inside the first's range of values, not after it, and must still join the first's chain.
        lookupsTieEachHostsDestinations(List.of(
                new InsideHost("w1", Stack.WINDOWS, "Mozilla/5.0 (Windows NT 10.0; Win64; x64)", 81, 0).randomisedPorts(),
                new InsideHost("w2", Stack.WINDOWS, "Mozilla/5.0 (Windows NT 10.0; Win64; x64)", 82, 0).randomisedPorts()),
                true);
    }

    private static void lookupsTieEachHostsDestinations(List<InsideHost> hosts) {
        lookupsTieEachHostsDestinations(hosts, false);
    }

    private static void lookupsTieEachHostsDestinations(List<InsideHost> hosts, boolean inPairs) {
        String[] servers = {S1, S2, "192.0.2.80", "203.0.113.81"};
        List<Packet> packets = new ArrayList<>();
        Map<Long, String> hostByFirstPacket = new HashMap<>();
        long t = 1_700_000_000_000_000_000L;
        for (int round = 0; round < 12; round++) {
            for (InsideHost h : hosts) {
                int before = packets.size();
                long answered = h.lookup(packets, "198.51.100.53", t);
                hostByFirstPacket.put(packets.get(before).timestampNanos(), h.name);
                before = packets.size();
                String server = servers[(round + (h == hosts.getFirst() ? 0 : 2)) % servers.length];
                if (inPairs) {
                    h.connectTogether(packets, server, answered + 2_000_000);
                    hostByFirstPacket.put(answered + 2_000_000, h.name);
                    hostByFirstPacket.put(answered + 2_250_000, h.name);
                } else {
                    h.connect(packets, server, answered + 2_000_000);
                    hostByFirstPacket.put(packets.get(before).timestampNanos(), h.name);
                }
                t += 900_000_000L;
            }
        }
        List<FlowEvidence> flows = InsideHost.evidenceOf(packets);
        AddressHosts a = HostInference.infer(flows, InsideHost.PUBLIC).getFirst();
        Map<Integer, String> truth = new HashMap<>();
        for (int i = 0; i < a.flows().size(); i++) {
            truth.put(i, hostByFirstPacket.get(a.flows().get(i).firstNanos()));
        }
        assertThat(a.hostCount()).isEqualTo(2);
        assertThat(score(a, truth).adjustedRandIndex()).isGreaterThan(0.9);
    }

    private static Packet datagram(String destination, int protocol, int ttl, int id, long nanos, byte[] body) {
        return Packet.of(org.unveil.capture.LinkType.RAW, nanos, org.unveil.capture.TestPackets.ipv4()
                .source(InsideHost.PUBLIC).destination(destination).protocol(protocol).ttl(ttl).id(id).build(body));
    }

    @Test
    void multicastAndALoneProbeMakeNoHostOfTheirOwn() {
        // SSDP to a multicast group (TTL 1, its application's), then an ICMP probe with TTL 2 beside one
        // Windows host's connections (torrential-slowness.pcap): one host, the probe attributed to it
        InsideHost host = new InsideHost("w", Stack.WINDOWS, "Mozilla/5.0 (Windows NT 10.0; Win64; x64)", 5, 0);
        List<Packet> packets = new ArrayList<>();
        long t = 1_700_000_000_000_000_000L;
        for (int i = 0; i < 4; i++) {
            host.connect(packets, S1, t + i * 1_000_000_000L);
        }
        byte[] ssdp = org.unveil.capture.TestPackets.udp().ports(1900, 1900).build("M-SEARCH * HTTP/1.1\r\n\r\n"
                .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        packets.add(datagram("239.255.255.250", 17, 1, 7, t + 500_000_000L, ssdp));
        byte[] echo = {8, 0, 0, 0, 0, 1, 0, 1};
        packets.add(datagram(S2, 1, 2, 9, t + 1_500_000_000L, echo));
        AddressHosts a = HostInference.infer(InsideHost.evidenceOf(packets), null).getFirst();
        assertThat(a.hostCount()).isOne();
        assertThat(a.hostCountLow()).isOne();
        assertThat(a.unattributed()).isZero();
        assertThat(a.hosts().getFirst().initialTtl()).as("the stack's TTL, not the probe's or SSDP's").isEqualTo(128);

        // the same datagrams alone: nothing a host of its own sent, so no host, the flows listed unattributed
        List<Packet> alone = List.of(datagram("239.255.255.250", 17, 1, 7, t, ssdp),
                datagram(S2, 1, 2, 9, t + 1_000_000_000L, echo));
        AddressHosts none = HostInference.infer(InsideHost.evidenceOf(alone), null).getFirst();
        assertThat(none.hostCount()).isZero();
        assertThat(none.unattributed()).isEqualTo(2);
        assertThat(none.hostId(0)).isNull();
    }
}
