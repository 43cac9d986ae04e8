package org.unveil.probe;

import java.util.Locale;

/** How a run counts: Unveil's estimate, or one of the published tools' methods as a baseline beside it. */
public enum Method {
    UNVEIL, HALBERD, LBD;

    /** The name on the command line and in the output. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
