package org.unveil.probe;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Whether the balancer terminates TCP, from the SYN-ACKs of the probe's connections. Where a stack's TCP timestamp
 * clock links connections (one offset for all of them), a balancer that terminates TCP shows one clock however many
 * back-ends answer, and one that passes the back-ends' stacks through (L4, DNAT) shows one per back-end. Linux today
 * draws a new offset for each connection, which links nothing; the SYN-ACK signatures (TTL, window, options) count
 * then, and tell apart only stacks built, configured or placed apart: several signatures mean stacks pass through,
 * one alone cannot prove that the balancer terminates TCP.
 *
 * @param terminatesTcp true: one stack for several back-ends; false: several stacks; null: cannot tell
 * @param stacks        TCP stacks seen (timestamp clocks, or signatures without timestamps)
 * @param connections   connections whose SYN-ACK was captured
 * @param why           in plain words
 */
public record TcpVerdict(Boolean terminatesTcp, int stacks, int connections, String why) {
    /** Ticks two SYN-ACKs of one clock may differ by after taking out the time between them (1 kHz: a second). */
    static final long CLOCK_TOLERANCE = 1000;
    private static final int FEWEST = 3;

    /** Cannot tell, for this reason. */
    static TcpVerdict unknown(String why) {
        return new TcpVerdict(null, 0, 0, why);
    }

    /** The verdict from the responses (their local ports and back-ends) and the SYN-ACKs by local port. */
    static TcpVerdict of(List<ResponseRow> rows, Map<Integer, SynAck> synAcks) {
        return of(rows, synAcks, false);
    }

    /**
     * The same, knowing whether the back-ends were counted from the TCP evidence alone ({@code tcpOnly}): their
     * agreement with the stacks is then by construction and is not offered as a check.
     */
    static TcpVerdict of(List<ResponseRow> rows, Map<Integer, SynAck> synAcks, boolean tcpOnly) {
        List<SynAck> seen = new ArrayList<>();
        List<String> servers = new ArrayList<>();
        for (ResponseRow r : rows) {
            SynAck s = synAcks.get(r.localPort());
            if (s != null) {
                seen.add(s);
                servers.add(r.server());
            }
        }
        if (seen.size() < FEWEST) {
            return unknown("only " + seen.size() + " of " + rows.size() + " connections' SYN-ACKs were captured");
        }
        boolean stamped = seen.stream().allMatch(s -> s.tsval() >= 0);
        int[] byClock = stamped ? clockGroups(seen) : null;
        // a clock per connection (Linux now draws each connection's offset anew) links nothing: signatures then
        boolean clocks = byClock != null && groups(byClock) * 2 <= seen.size();
        int[] stackOf = clocks ? byClock : signatureGroups(seen);
        int stacks = groups(stackOf);
        Set<String> backEnds = new TreeSet<>();
        servers.stream().filter(java.util.Objects::nonNull).forEach(backEnds::add);
        Set<String> signatures = new TreeSet<>();
        seen.forEach(s -> signatures.add(s.signature()));
        String by = clocks ? "TCP timestamp clocks" : stamped
                ? "SYN-ACK signatures; the timestamp clocks start anew on each connection, so they link nothing"
                : "SYN-ACK signatures; no timestamps";
        String look = signatures.size() == 1 ? signatures.iterator().next() : signatures.size() + " signatures";
        if (stacks == 1) {
            if (backEnds.size() >= 2 && !clocks) {
                return new TcpVerdict(null, 1, seen.size(), String.format("one SYN-ACK signature (%s; %s) over %d"
                        + " connections while %d back-ends answered HTTP: a balancer that terminates TCP, or back-ends"
                        + " whose stacks look alike", by, look, seen.size(), backEnds.size()));
            }
            if (backEnds.size() >= 2) {
                return new TcpVerdict(true, 1, seen.size(), String.format("one TCP stack (%s: 1; %s) answered all %d"
                        + " connections while %d back-ends answered HTTP: the balancer terminates TCP", by, look,
                        seen.size(), backEnds.size()));
            }
            return new TcpVerdict(null, 1, seen.size(), String.format("one TCP stack (%s: 1; %s) and %s: a single"
                    + " server or a balancer that terminates TCP", by, look,
                    backEnds.isEmpty() ? "no back-end named" : "one back-end"));
        }
        return new TcpVerdict(false, stacks, seen.size(), String.format("%d TCP stacks (%s; %s) answered %d"
                + " connections: the back-ends' stacks pass through the balancer (L4, e.g. DNAT)%s", stacks, by, look,
                seen.size(), tcpOnly ? "; nothing in the HTTP responses tells the back-ends apart, so they were counted"
                        + " from these stacks alone" : agreement(stackOf, servers, backEnds.size())));
    }

    private static int groups(int[] of) {
        int n = 0;
        for (int g : of) {
            n = Math.max(n, g + 1);
        }
        return n;
    }

    /** Whether the stacks and the HTTP back-ends name the same servers. */
    private static String agreement(int[] stackOf, List<String> servers, int backEnds) {
        if (backEnds == 0) {
            return "; only TCP tells back-ends apart here";
        }
        Map<Integer, Set<String>> byStack = new HashMap<>();
        for (int i = 0; i < stackOf.length; i++) {
            if (servers.get(i) != null) {
                byStack.computeIfAbsent(stackOf[i], k -> new HashSet<>()).add(servers.get(i));
            }
        }
        boolean oneEach = byStack.values().stream().allMatch(v -> v.size() == 1)
                && byStack.values().stream().distinct().count() == byStack.size();
        return oneEach ? "; each stack went with one HTTP back-end of its own"
                : "; the stacks do not line up with the " + backEnds + " HTTP back-ends";
    }

    /** Groups by clock offset (tsval less the arrival time in ms, modulo 2^32): gaps wider than the tolerance. */
    private static int[] clockGroups(List<SynAck> seen) {
        int n = seen.size();
        long[] offset = new long[n];
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            offset[i] = (seen.get(i).tsval() - seen.get(i).nanos() / 1_000_000) & 0xffffffffL;
            order[i] = i;
        }
        java.util.Arrays.sort(order, java.util.Comparator.comparingLong(i -> offset[i]));
        int[] group = new int[n];
        int g = 0;
        for (int k = 0; k < n; k++) {
            if (k > 0 && offset[order[k]] - offset[order[k - 1]] > CLOCK_TOLERANCE) {
                g++;
            }
            group[order[k]] = g;
        }
        return group;
    }

    private static int[] signatureGroups(List<SynAck> seen) {
        Map<String, Integer> index = new HashMap<>();
        int[] group = new int[seen.size()];
        for (int i = 0; i < seen.size(); i++) {
            group[i] = index.computeIfAbsent(seen.get(i).signature(), k -> index.size());
        }
        return group;
    }
}
