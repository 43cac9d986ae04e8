package org.unveil.hosts.evidence;

import java.util.Locale;

/**
 * The operating-system family a SYN signature names ({@link OsSignatures}); {@link #UNKNOWN} where no row of the
 * table does. Only a prior: what a host's counters and clocks do is read from its packets, not from this.
 */
public enum OsFamily {
    LINUX, ANDROID, WINDOWS, MACOS, FREEBSD, UNKNOWN;

    /** The family named as in the signature table and the reports ("linux"), e.g. for a row of the table. */
    public static OsFamily named(String name) {
        for (OsFamily f : values()) {
            if (f != UNKNOWN && f.label().equals(name)) {
                return f;
            }
        }
        throw new IllegalArgumentException("no operating-system family named '" + name + "'");
    }

    /** How reports name it: "linux"; an unknown family with the SYN's initial TTL, "unknown-ttl128". */
    public String label(int initialTtl) {
        return this == UNKNOWN ? "unknown-ttl" + initialTtl : label();
    }

    /** Whether its kernel keeps one TCP timestamp offset per address pair (Linux 4.10+, and Android on it). */
    public boolean linuxKernel() {
        return this == LINUX || this == ANDROID;
    }

    private String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
