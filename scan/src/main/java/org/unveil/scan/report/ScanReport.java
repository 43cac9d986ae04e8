package org.unveil.scan.report;

import java.util.List;
import java.util.Map;

/**
 * `scan report`'s answer, by the JSON keys of the contract in scan/README.md: {"scan": {…}, "attribution": "…"}.
 * Rates are responders over addresses scanned; null where the scanned addresses are unknown (an ingested file
 * without --targets).
 */
public record ScanReport(Scan scan, String geoVersion, String attribution) {
    /** One scan's figures. */
    public record Scan(String name, String probe, Integer port, String started, Long sent, Long scanned,
            long responders, Double hitRate, Map<String, Long> classifications, List<Country> countries,
            List<Asn> asns, List<Port> ports, List<Ttl> ttl, List<String> responsivePrefixes, List<Window> windows,
            List<Layout> tcpOptions) {
    }

    /** Responders whose SYN-ACK (or other successful answer) advertised TCP window {@code window}. */
    public record Window(int window, long responders) {
    }

    /**
     * Responders whose SYN-ACK carried the TCP options {@code layout} ("MSS,SACK,TS,WS", "none"): only from files that
     * carry options (zmap's tcpopt_* fields).
     */
    public record Layout(String layout, long responders) {
    }

    /** Responders of one country ("??" where the geo table knows none). */
    public record Country(String country, Long scanned, long responders, Double hitRate) {
    }

    /** Responders of one autonomous system (asn null where none announces the address). */
    public record Asn(Long asn, String org, Long scanned, long responders, Double hitRate) {
    }

    /** Responders on one port, with its usual service. */
    public record Port(int port, String service, long responders) {
    }

    /** Responders whose TTL says they started from {@code initialTtl} (32, 64, 128 or 255). */
    public record Ttl(int initialTtl, long responders) {
    }
}
