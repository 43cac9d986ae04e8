package org.unveil.trace.correlate;

import java.util.Locale;

/** What tied a front request to a back request, strongest first. */
public enum Evidence {
    /** The back request's forwarding chain ends with the front connection's client, same request line. */
    XFF,
    /** Same request line and end-to-end header fields, back request shortly after the front one. */
    FINGERPRINT,
    /** Only timing (back request inside the front exchange, response back out before the front response) and sizes. */
    TIMING;

    /** The name in output and on the command line. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
