package org.unveil.plot.hosts;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.unveil.capture.decode.PacketLayers;

/**
 * Which packets a host plot shows (plotpcap's filters): comma-separated conditions that must all hold. Hosts
 * stand out better without traffic whose counters a proxy or resolver rewrote, or whose timestamps hide the
 * IPID pattern, hence "no-ts" and "non-http-dns".
 */
public final class PacketFilter {
    /** The conditions, with what they select, for usage messages. */
    public static final String HELP = "ts (TCP with timestamps), no-ts (no TCP timestamp option, UDP too), tcp, udp,"
            + " non-http-dns (neither port 53, 80, 443, 8080 nor an HTTP head), port=N (either port)";

    /** Ports of the traffic "non-http-dns" leaves out: DNS, HTTP, HTTPS and the usual proxy port. */
    private static final int[] WEB_AND_DNS_PORTS = {53, 80, 443, 8080};

    /** Every packet. */
    public static final PacketFilter ALL = new PacketFilter("", List.of());

    private final String spec;
    private final List<Predicate<PacketLayers>> conditions;

    private PacketFilter(String spec, List<Predicate<PacketLayers>> conditions) {
        this.spec = spec;
        this.conditions = conditions;
    }

    /** Parses "no-ts,tcp,port=443"; throws with the list of conditions for anything else. */
    public static PacketFilter parse(String spec) {
        if (spec == null || spec.isBlank()) {
            return ALL;
        }
        List<Predicate<PacketLayers>> conditions = new ArrayList<>();
        for (String term : spec.split(",")) {
            conditions.add(condition(term.strip()));
        }
        return new PacketFilter(spec.strip(), List.copyOf(conditions));
    }

    private static Predicate<PacketLayers> condition(String term) {
        switch (term) {
            case "ts":
                return l -> l.hasTcp() && l.tcp().hasTimestamps();
            case "no-ts":
                return l -> !(l.hasTcp() && l.tcp().hasTimestamps());
            case "tcp":
                return PacketLayers::hasTcp;
            case "udp":
                return PacketLayers::hasUdp;
            case "non-http-dns":
                return l -> !webOrDns(l);
            default:
                if (term.startsWith("port=")) {
                    int port = port(term.substring(5));
                    return l -> sourcePort(l) == port || destinationPort(l) == port;
                }
                throw new IllegalArgumentException("unknown filter '" + term + "'; filters: " + HELP);
        }
    }

    private static int port(String text) {
        try {
            int port = Integer.parseInt(text);
            if (port >= 0 && port <= 65535) {
                return port;
            }
        } catch (NumberFormatException e) {
            // reported below with the valid range
        }
        throw new IllegalArgumentException("port=" + text + ": a port is a number from 0 to 65535");
    }

    private static boolean webOrDns(PacketLayers l) {
        int source = sourcePort(l);
        int destination = destinationPort(l);
        for (int port : WEB_AND_DNS_PORTS) {
            if (source == port || destination == port) {
                return true;
            }
        }
        return l.http() != null;
    }

    /** The sender's port, or -1 without TCP or UDP. */
    static int sourcePort(PacketLayers l) {
        return l.hasTcp() ? l.tcp().sourcePort() : l.hasUdp() ? l.udp().sourcePort() : -1;
    }

    private static int destinationPort(PacketLayers l) {
        return l.hasTcp() ? l.tcp().destinationPort() : l.hasUdp() ? l.udp().destinationPort() : -1;
    }

    public boolean test(PacketLayers layers) {
        for (Predicate<PacketLayers> c : conditions) {
            if (!c.test(layers)) {
                return false;
            }
        }
        return true;
    }

    /** The filter as given, empty for {@link #ALL}. */
    @Override
    public String toString() {
        return spec;
    }
}
