package org.unveil.plot.hosts;

import java.util.Locale;

/** What a host plot draws upwards: the per-host sequences that tell hosts apart by eye. */
public enum YAxis {
    IPID("IP identification"),
    TSVAL("TCP timestamp (TSval)"),
    SPORT("source port"),
    TTL("TTL");

    private final String title;

    YAxis(String title) {
        this.title = title;
    }

    public String title() {
        return title;
    }

    /** The name on the command line. */
    public String option() {
        return name().toLowerCase(Locale.ROOT);
    }
}
