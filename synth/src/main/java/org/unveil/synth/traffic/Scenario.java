package org.unveil.synth.traffic;

import java.util.List;
import org.unveil.synth.model.HostProfile;
import org.unveil.synth.model.NatModel;
import org.unveil.synth.model.PathModel;

/**
 * Everything a synthetic capture is made from; the same scenario always gives the same bytes.
 *
 * @param startNanos epoch nanoseconds of the capture's start
 * @param durationNanos virtual time to cover (Long.MAX_VALUE: until {@code maxBytes})
 * @param maxBytes stop before the file would pass this size (0: no limit)
 * @param connectionsPerSecond how often each host opens a connection, on average
 * @param maxResponseBytes the largest response; sizes are log-uniform from 300 bytes up to it
 */
public record Scenario(long seed, long startNanos, long durationNanos, long maxBytes, List<HostProfile> hosts,
        NatModel nat, PathModel path, double connectionsPerSecond, int maxResponseBytes) {

    /** 2023-11-14 22:13:20 UTC: a fixed start, so captures do not depend on when they were made. */
    public static final long DEFAULT_START_NANOS = 1_700_000_000_000_000_000L;
    /** The smallest response. */
    public static final int MIN_RESPONSE_BYTES = 300;

    public Scenario {
        hosts = List.copyOf(hosts);
        if (hosts.isEmpty() || durationNanos <= 0 || maxBytes < 0 || !(connectionsPerSecond > 0)
                || maxResponseBytes < MIN_RESPONSE_BYTES) {
            throw new IllegalArgumentException("a scenario needs hosts, a positive duration and connection rate,"
                    + " and responses of at least " + MIN_RESPONSE_BYTES + " bytes");
        }
    }

    /** Virtual time at which generation stops. */
    public long endNanos() {
        return durationNanos == Long.MAX_VALUE ? Long.MAX_VALUE : startNanos + durationNanos;
    }
}
