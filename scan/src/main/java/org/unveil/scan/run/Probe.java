package org.unveil.scan.run;

import java.util.List;

/** The zmap probe modules `scan run` drives, with the output fields each gives. */
public enum Probe {
    TCP_SYNSCAN("tcp_synscan", true, List.of("saddr", "sport", "classification", "success", "repeat", "ttl", "window",
            "timestamp_ts", "timestamp_us")),
    ICMP_ECHOSCAN("icmp_echoscan", false, List.of("saddr", "classification", "success", "repeat", "ttl",
            "timestamp_ts", "timestamp_us")),
    UDP("udp", true, List.of("saddr", "sport", "classification", "success", "repeat", "ttl", "timestamp_ts",
            "timestamp_us"));

    private final String label;
    private final boolean needsPort;
    private final List<String> fields;

    Probe(String label, boolean needsPort, List<String> fields) {
        this.label = label;
        this.needsPort = needsPort;
        this.fields = fields;
    }

    /** zmap's name for the module. */
    public String label() {
        return label;
    }

    /** Whether the module probes a port. */
    public boolean needsPort() {
        return needsPort;
    }

    /** The fields asked of zmap, underscored. */
    public List<String> fields() {
        return fields;
    }

    /** The probe zmap calls {@code label}, or null. */
    public static Probe byLabel(String label) {
        for (Probe p : values()) {
            if (p.label.equals(label)) {
                return p;
            }
        }
        return null;
    }
}
