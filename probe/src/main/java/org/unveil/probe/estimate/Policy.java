package org.unveil.probe.estimate;

/** The balancing policy the responses look like, and why. */
public record Policy(String guess, String why) {
}
