package org.unveil.probe.evidence;

/**
 * One thing a response says about the server that made it: the kind, a key naming where it came from (one key per
 * header or cookie name, so values of different keys are never compared), the value, and the reason in plain words.
 * A clock item also carries the range [low, high] in seconds the offset lies in; other items have NaN there.
 */
public record Evidence(Kind kind, String key, String value, String reason, double low, double high) {
    /** An item with a value and no range. */
    public static Evidence of(Kind kind, String key, String value, String reason) {
        return new Evidence(kind, key, value, reason, Double.NaN, Double.NaN);
    }
}
