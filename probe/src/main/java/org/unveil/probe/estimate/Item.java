package org.unveil.probe.estimate;

/** One piece of evidence about a back-end: its kind and key, the value, an example reason and on how many responses. */
public record Item(String kind, String key, String value, String reason, int responses) {
}
