package org.unveil.probe;

/**
 * Whether a client keeps landing on one back-end: by the cookies the service set (sent back on new connections)
 * and by its source address (the runs from several --source addresses compared). Null where the run cannot tell,
 * with why in plain words.
 *
 * @param cookie    responses with the cookies sent back all came from the back-end that set them
 * @param cookieWhy why {@code cookie} is what it is
 * @param probes    requests sent with the cookies (beyond the run's probes)
 * @param server    the back-end the cookies named, or null
 * @param source    each source address landed on one back-end of its own (source hashing)
 * @param sourceWhy why {@code source} is what it is
 */
public record Stickiness(Boolean cookie, String cookieWhy, int probes, String server, Boolean source,
                         String sourceWhy) {
    /** The same with the source verdict given. */
    Stickiness withSource(Boolean affinity, String why) {
        return new Stickiness(cookie, cookieWhy, probes, server, affinity, why);
    }
}
