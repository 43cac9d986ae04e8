package org.unveil.trace.correlate;

/** The balancing policy the pairs look like ("round-robin", "least-connection", "source-hash", "sticky" or "unknown") and the statistic behind it. */
public record PolicyGuess(String guess, String why) {
}
