package org.unveil.hosts;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.IntStream;
import org.unveil.hosts.cluster.Clustering;
import org.unveil.hosts.cluster.HostClusterer;
import org.unveil.hosts.evidence.EvidenceKind;
import org.unveil.hosts.evidence.SkewEstimate;
import org.unveil.hosts.link.AddressLinks;
import org.unveil.hosts.link.Linkers;

/** Turns collected flow evidence into hosts: per client address, link flows, cluster them, profile the hosts. */
public final class HostInference {
    private HostInference() {
    }

    /**
     * Every address that opened flows, in address order (numerically, IPv4 as IPv4-mapped IPv6: see
     * {@link AddressRange}); only {@code only} when it is not null. Null entries of {@code flows} are skipped.
     */
    public static List<AddressHosts> infer(List<FlowEvidence> flows, String only) {
        return infer(flows, only, MemoryBudget.defaults());
    }

    /**
     * Every address that opened flows, in address order, within {@code budget}: an address with more flows than
     * {@link MemoryBudget#clusteredFlowsPerAddress} has its first flows clustered and the rest attributed, as its
     * {@link AddressHosts#approximations} say.
     */
    public static List<AddressHosts> infer(List<FlowEvidence> flows, String only, MemoryBudget budget) {
        return infer(flows, Map.of(), only, budget);
    }

    /**
     * As {@link #infer(List, String, MemoryBudget)} over a pass's collector, whose flows past the budget may be on
     * disk ({@link EvidenceCollector#spillPast}): they are attributed as they are read back, flow by flow.
     */
    public static List<AddressHosts> infer(EvidenceCollector collector, String only, MemoryBudget budget)
            throws IOException {
        collector.finishSpills();
        return infer(collector.flows(), collector.spills(), only, budget);
    }

    private static List<AddressHosts> infer(List<FlowEvidence> flows, Map<String, FlowSpill> spills, String only,
            MemoryBudget budget) {
        Map<String, List<FlowEvidence>> byClient = new HashMap<>();
        for (FlowEvidence f : flows) {
            if (f != null && (only == null || only.equals(f.client()))) {
                byClient.computeIfAbsent(f.client(), a -> new ArrayList<>()).add(f);
            }
        }
        int cap = budget.clusteredFlowsPerAddress();
        List<Map.Entry<String, List<FlowEvidence>>> addresses = new ArrayList<>(byClient.entrySet());
        addresses.sort((x, y) -> {
            FlowEvidence a = x.getValue().getFirst();
            FlowEvidence b = y.getValue().getFirst();
            return AddressRange.compare(a.clientHigh, a.clientLow, b.clientHigh, b.clientLow);
        });
        AddressHosts[] results = new AddressHosts[addresses.size()];
        // addresses share nothing: behind many of them, inference is worth every core (in address order still);
        // the big ones one at a time, so that the budget holds one of them at once
        IntStream.range(0, results.length).parallel().filter(i -> addresses.get(i).getValue().size() <= cap / 4)
                .forEach(i -> results[i] = address(addresses.get(i).getKey(), addresses.get(i).getValue(), cap,
                        budget, null));
        for (int i = 0; i < results.length; i++) {
            if (results[i] == null) {
                String a = addresses.get(i).getKey();
                results[i] = address(a, addresses.get(i).getValue(), cap, budget, spills.get(a));
                // A big address's clustering (edges, pair tables, a group per flow) lives through many young
                // collections, so it is promoted, and dies here. The serial collector the launcher runs grows its
                // old generation rather than collect it while the heap may grow, so without this each big address
                // would add its clustering to the process's memory: hosts on the 4 GiB small-packet file (four
                // addresses of 28,000 flows) peaked at 648 MB, with it at 370 MB (57 MB live between addresses);
                // 0.1 s a collection against seconds of clustering.
                System.gc();
            }
        }
        return List.of(results);
    }

    static AddressHosts address(String address, List<FlowEvidence> flows) {
        return address(address, flows, Integer.MAX_VALUE, null, null);
    }

    /**
     * One address's hosts; beyond {@code cap} flows, the rest attributed to the hosts of the first. The rest is
     * the end of {@code all}, or with a {@code spill} (then {@code all} holds {@code cap} flows) on disk.
     */
    static AddressHosts address(String address, List<FlowEvidence> all, int cap, MemoryBudget budget,
            FlowSpill spill) {
        List<FlowEvidence> flows = all.size() > cap ? all.subList(0, cap) : all;
        AddressLinks links = Linkers.link(flows);
        ClockLines lines = new ClockLines(flows, links.edges(), links.clockEdges());
        Clustering c = HostClusterer.cluster(flows, links.edges(), links.ipidFirstValues(), lines, links.global());
        links = null; // the rest is done with the clustering alone
        List<String> approximations = new ArrayList<>();
        for (String a : c.approximations()) {
            approximations.add(address + ": " + a);
        }
        int[] hostOf = c.hostOf();
        double[] confidence = c.confidence();
        Tally[] tallies = new Tally[c.hostCount()];
        for (int h = 0; h < tallies.length; h++) {
            tallies[h] = new Tally();
        }
        List<List<Integer>> clusteredOf = new ArrayList<>(); // each host's clustered flows, in order
        for (int h = 0; h < c.hostCount(); h++) {
            clusteredOf.add(new ArrayList<>());
        }
        for (int i = 0; i < flows.size(); i++) { // each host's clustered flows first, in order
            if (c.hostOf()[i] >= 0) {
                tallies[c.hostOf()[i]].add(flows.get(i));
                clusteredOf.get(c.hostOf()[i]).add(i);
            }
        }
        int beyondCount = all.size() - flows.size() + (spill == null ? 0 : spill.count());
        BeyondBudget beyond = null;
        if (beyondCount > 0) {
            Attribution rest = new Attribution(all, flows.size(), hostOf, c.hostCount());
            if (spill == null) {
                hostOf = Arrays.copyOf(hostOf, all.size());
                confidence = Arrays.copyOf(confidence, all.size());
                for (int i = flows.size(); i < all.size(); i++) {
                    double[] choice = rest.choose(all.get(i));
                    hostOf[i] = (int) choice[0];
                    confidence[i] = choice[1];
                    if (hostOf[i] >= 0) {
                        tallies[hostOf[i]].add(all.get(i));
                    }
                }
            } else {
                int[] perHost = new int[c.hostCount()];
                try (FlowSpill.Reader r = spill.reader()) { // streamed: the profiles fold them in as they come
                    for (int n = 0; n < spill.count(); n++) {
                        FlowEvidence f = r.next();
                        int h = (int) rest.choose(f)[0];
                        if (h >= 0) {
                            tallies[h].add(f);
                            perHost[h]++;
                        }
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                beyond = new BeyondBudget(spill, rest, perHost);
            }
            approximations.add(String.format(Locale.ROOT, "%s: %,d flows exceed the memory budget (%s, --memory):"
                    + " the first %,d were clustered; the other %,d are attributed by TTL, OS, SYN layout and"
                    + " User-Agent to the host most such clustered flows went to (confidence: that share)", address,
                    flows.size() + beyondCount, budget == null ? "-" : budget.describe(), flows.size(), beyondCount));
        }
        List<HostProfile> hosts = new ArrayList<>();
        for (int h = 0; h < c.hostCount(); h++) {
            int longest = -1;
            java.util.Set<SkewEstimate> skews = new java.util.HashSet<>(); // one per line: lines are one crystal
            for (int i : clusteredOf.get(h)) {
                int l = lines.lineOf(i);
                if (l >= 0 && (longest < 0 || lines.span(l) > lines.span(longest))) {
                    longest = l;
                }
                if (l >= 0 && lines.skew(l) != null) {
                    skews.add(lines.skew(l));
                }
            }
            Double hz = longest < 0 ? null : lines.rate(longest);
            SkewEstimate skew = SkewEstimate.combine(skews);
            Double uptime = longest < 0 ? null : lines.uptime(longest);
            hosts.add(tallies[h].profile(address + "#" + (h + 1), hz, skew == null ? null : skew.ppm(),
                    c.evidence().get(h), c.separatedBy().get(h), uptime, c.pieces()[h] > 1));
        }
        List<FlowEvidence> listed = beyond == null ? all : beyond.list(all);
        return new AddressHosts(address, c.hostCount(), c.low(), c.high(), hosts, listed, hostOf, confidence,
                List.copyOf(approximations), beyond);
    }

    /** A host's profile folded flow by flow, so that flows read back from disk need not be held. */
    private static final class Tally {
        private final Set<String> agents = new TreeSet<>();
        private final Set<String> tls = new TreeSet<>();
        private final HostOs.Tally os = new HostOs.Tally();
        private int flows;
        private long packets;
        private long bytes;
        private long first = Long.MAX_VALUE;
        private long last = Long.MIN_VALUE;

        void add(FlowEvidence f) {
            if (f.userAgent() != null) {
                agents.add(f.userAgent());
            }
            if (f.tls() != null) {
                tls.add(f.tls());
            }
            flows++;
            packets += f.packets();
            bytes += f.bytes();
            first = Math.min(first, f.firstNanos());
            last = Math.max(last, f.lastNanos());
            os.add(f);
        }

        HostProfile profile(String id, Double hz, Double skew, Set<EvidenceKind> evidence,
                Set<EvidenceKind> separatedBy, Double uptime, boolean mayBeSeveral) {
            HostOs o = os.result();
            return new HostProfile(id, o.label(), o.initialTtl(), List.copyOf(agents), List.copyOf(tls), hz, skew,
                    flows, packets, bytes, first, last, evidence, separatedBy, uptime, mayBeSeveral);
        }
    }
}
