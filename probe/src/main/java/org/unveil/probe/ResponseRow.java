package org.unveil.probe;

import java.util.List;
import org.unveil.probe.evidence.Evidence;

/**
 * One response of a run, for the per-response CSV: when its head arrived (epoch nanoseconds), its status, what each
 * extractor found in it, the back-end the estimate put it with (null if none), the local port it was sent from and
 * the probability that it came from that back-end (NaN with none; see {@code estimate.Attribution}).
 */
public record ResponseRow(long receivedNanos, int status, List<Evidence> evidence, String server, int localPort,
                          double confidence) {
    public ResponseRow {
        evidence = List.copyOf(evidence);
    }
}
