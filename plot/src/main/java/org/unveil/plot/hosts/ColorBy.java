package org.unveil.plot.hosts;

import java.util.Locale;

/** What gives a point its colour: the inferred host, the flow's User-Agent, the flow itself or its OS. */
public enum ColorBy {
    HOST,
    UA,
    FLOW,
    OS;

    /** The name on the command line. */
    public String option() {
        return name().toLowerCase(Locale.ROOT);
    }
}
