package org.unveil.hosts;

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
import org.unveil.hosts.evidence.SkewEstimate;
import org.unveil.hosts.link.CounterLinkers;
import org.unveil.hosts.link.Edge;
import org.unveil.hosts.link.LookupLinker;
import org.unveil.hosts.link.TcpClockLinker;

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
                        budget));
        for (int i = 0; i < results.length; i++) {
            if (results[i] == null) {
                results[i] = address(addresses.get(i).getKey(), addresses.get(i).getValue(), cap, budget);
            }
        }
        return List.of(results);
    }

    static AddressHosts address(String address, List<FlowEvidence> flows) {
        return address(address, flows, Integer.MAX_VALUE, null);
    }

    /** One address's hosts; beyond {@code cap} flows, the rest attributed to the hosts of the first. */
    static AddressHosts address(String address, List<FlowEvidence> all, int cap, MemoryBudget budget) {
        List<FlowEvidence> flows = all.size() > cap ? all.subList(0, cap) : all;
        List<Edge> clockEdges = TcpClockLinker.link(flows);
        List<Edge> edges = new ArrayList<>(clockEdges);
        CounterLinkers.IpidChains ipid = CounterLinkers.ipid(flows);
        edges.addAll(ipid.edges());
        edges.addAll(CounterLinkers.sourcePorts(flows));
        edges.addAll(LookupLinker.link(flows));
        ClockLines lines = new ClockLines(flows, clockEdges);
        Clustering c = HostClusterer.cluster(flows, edges, ipid.firstValues(), lines, ipid.global());
        edges = null; // the rest is done with the clustering alone
        List<String> approximations = new ArrayList<>();
        for (String a : c.approximations()) {
            approximations.add(address + ": " + a);
        }
        int[] hostOf = c.hostOf();
        double[] confidence = c.confidence();
        List<List<FlowEvidence>> rest = new ArrayList<>();
        for (int h = 0; h < c.hostCount(); h++) {
            rest.add(new ArrayList<>());
        }
        if (all.size() > flows.size()) {
            hostOf = Arrays.copyOf(hostOf, all.size());
            confidence = Arrays.copyOf(confidence, all.size());
            attributeRest(all, flows.size(), hostOf, confidence, c.hostCount());
            for (int i = flows.size(); i < all.size(); i++) {
                if (hostOf[i] >= 0) {
                    rest.get(hostOf[i]).add(all.get(i));
                }
            }
            approximations.add(String.format(Locale.ROOT, "%s: %,d flows exceed the memory budget (%s, --memory):"
                    + " the first %,d were clustered; the other %,d are attributed by TTL, OS, SYN layout and"
                    + " User-Agent to the host most such clustered flows went to (confidence: that share)", address,
                    all.size(), budget == null ? "-" : budget.describe(), flows.size(), all.size() - flows.size()));
        }
        List<List<Integer>> clusteredOf = new ArrayList<>(); // each host's clustered flows, in order
        for (int h = 0; h < c.hostCount(); h++) {
            clusteredOf.add(new ArrayList<>());
        }
        for (int i = 0; i < flows.size(); i++) {
            if (c.hostOf()[i] >= 0) {
                clusteredOf.get(c.hostOf()[i]).add(i);
            }
        }
        List<HostProfile> hosts = new ArrayList<>();
        for (int h = 0; h < c.hostCount(); h++) {
            List<FlowEvidence> members = new ArrayList<>();
            int longest = -1;
            java.util.Set<SkewEstimate> skews = new java.util.HashSet<>(); // one per line: lines are one crystal
            for (int i : clusteredOf.get(h)) {
                members.add(flows.get(i));
                int l = lines.lineOf(i);
                if (l >= 0 && (longest < 0 || lines.span(l) > lines.span(longest))) {
                    longest = l;
                }
                if (l >= 0 && lines.skew(l) != null) {
                    skews.add(lines.skew(l));
                }
            }
            members.addAll(rest.get(h));
            Double hz = longest < 0 ? null : lines.rate(longest);
            SkewEstimate skew = SkewEstimate.combine(skews);
            Double uptime = longest < 0 ? null : lines.uptime(longest);
            hosts.add(profile(address + "#" + (h + 1), members, hz, skew == null ? null : skew.ppm(),
                    c.evidence().get(h), c.separatedBy().get(h), uptime, c.pieces()[h] > 1));
        }
        return new AddressHosts(address, c.hostCount(), c.low(), c.high(), hosts, all, hostOf, confidence,
                List.copyOf(approximations));
    }

    /**
     * Flows past the first {@code clustered}: each to the host that most clustered flows alike in TTL, OS, SYN
     * layout and User-Agent went to (the most specific of those keys that any clustered flow shares), with that
     * share as confidence; a flow alike in nothing goes to the biggest host. Constant work per flow.
     */
    static void attributeRest(List<FlowEvidence> all, int clustered, int[] hostOf, double[] confidence, int hosts) {
        List<Map<String, Map<Integer, Integer>>> votes = new ArrayList<>();
        for (int level = 0; level < KEY_LEVELS; level++) {
            votes.add(new HashMap<>());
        }
        int[] sizes = new int[hosts];
        for (int i = 0; i < clustered; i++) {
            if (hostOf[i] < 0) {
                continue; // no host took it
            }
            sizes[hostOf[i]]++;
            for (int level = 0; level < KEY_LEVELS; level++) {
                votes.get(level).computeIfAbsent(key(all.get(i), level), k -> new HashMap<>())
                        .merge(hostOf[i], 1, Integer::sum);
            }
        }
        int biggest = 0;
        for (int h = 1; h < hosts; h++) {
            biggest = sizes[h] > sizes[biggest] ? h : biggest;
        }
        List<Map<String, double[]>> choice = new ArrayList<>();
        for (Map<String, Map<Integer, Integer>> level : votes) {
            Map<String, double[]> best = new HashMap<>();
            level.forEach((key, byHost) -> {
                int total = 0;
                int top = -1;
                int topVotes = 0;
                for (Map.Entry<Integer, Integer> e : byHost.entrySet()) {
                    total += e.getValue();
                    if (e.getValue() > topVotes || e.getValue() == topVotes && e.getKey() < top) {
                        top = e.getKey();
                        topVotes = e.getValue();
                    }
                }
                best.put(key, new double[] {top, (double) topVotes / total});
            });
            choice.add(best);
        }
        for (int i = clustered; i < all.size(); i++) {
            hostOf[i] = hosts == 0 ? -1 : biggest;
            confidence[i] = hosts == 0 ? 0 : (double) sizes[biggest] / clustered;
            for (int level = 0; level < KEY_LEVELS; level++) {
                double[] c = choice.get(level).get(key(all.get(i), level));
                if (c != null) {
                    hostOf[i] = (int) c[0];
                    confidence[i] = c[1];
                    break;
                }
            }
        }
    }

    private static final int KEY_LEVELS = 4;

    /** Level 0 the most specific: TTL, OS, SYN layout, User-Agent; then without the User-Agent, the layout, the OS. */
    private static String key(FlowEvidence f, int level) {
        StringBuilder k = new StringBuilder().append(f.initialTtl());
        if (level <= 2) {
            k.append('|').append(f.os());
        }
        if (level <= 1) {
            k.append('|').append(f.syn() == null ? null : f.syn().layout());
        }
        if (level == 0) {
            k.append('|').append(f.userAgent());
        }
        return k.toString();
    }

    private static HostProfile profile(String id, List<FlowEvidence> members, Double hz, Double skew,
            Set<String> evidence, Set<String> separatedBy, Double uptime, boolean mayBeSeveral) {
        Set<String> agents = new TreeSet<>();
        Set<String> tls = new TreeSet<>();
        long packets = 0;
        long bytes = 0;
        long first = Long.MAX_VALUE;
        long last = Long.MIN_VALUE;
        for (FlowEvidence f : members) {
            if (f.userAgent() != null) {
                agents.add(f.userAgent());
            }
            if (f.tls() != null) {
                tls.add(f.tls());
            }
            packets += f.packets();
            bytes += f.bytes();
            first = Math.min(first, f.firstNanos());
            last = Math.max(last, f.lastNanos());
        }
        HostOs os = HostOs.of(members);
        return new HostProfile(id, os.label(), os.initialTtl(), List.copyOf(agents), List.copyOf(tls), hz, skew,
                members.size(), packets, bytes, first, last, evidence, separatedBy, uptime, mayBeSeveral);
    }
}
