package org.unveil.scan.store;

import java.time.Instant;

/** An operator's recorded opt-out: a range never to be scanned, and why. */
public record Optout(String cidr, long first, long last, String reason, Instant added) {
}
