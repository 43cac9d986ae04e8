package org.unveil.plot.hosts;

import java.util.Locale;

/** What a host plot draws across: the packet's number in the capture or its time. */
public enum XAxis {
    /** Numbered among all the capture's packets, both directions: the dots are only those the address sent. */
    PACKET("packet number in the capture (both directions)"),
    TIME("seconds since the first packet");

    private final String title;

    XAxis(String title) {
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
