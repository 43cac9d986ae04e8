package org.unveil.plot.hosts;

import java.util.Locale;

/** What a host plot draws upwards: the per-host sequences that tell hosts apart by eye. */
public enum YAxis {
    IPID("IPID", "IP identification"),
    TSVAL("TSval", "TCP timestamp (TSval)"),
    SPORT("source port", "source port"),
    TTL("TTL", "TTL");

    private final String name;
    private final String title;

    YAxis(String name, String title) {
        this.name = name;
        this.title = title;
    }

    /** The short name for chart titles. */
    public String label() {
        return name;
    }

    public String title() {
        return title;
    }

    /** The name on the command line. */
    public String option() {
        return name().toLowerCase(Locale.ROOT);
    }
}
