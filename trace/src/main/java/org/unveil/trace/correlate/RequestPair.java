package org.unveil.trace.correlate;

/**
 * A front request paired with the back request the balancer made for it.
 *
 * @param confidence 0..1, from the evidence and from how many other candidates came close
 * @param rivals     candidates (either side) whose cost came close to this pair's
 */
public record RequestPair(HttpExchange front, HttpExchange back, Evidence evidence, double confidence, int rivals) {
}
