package org.unveil.probe;

import java.util.List;
import org.unveil.probe.evidence.Evidence;

/**
 * One response of a run, for the per-response CSV: when its head arrived (epoch nanoseconds), its status, what each
 * extractor found in it and the back-end the estimate put it with (null if none).
 */
public record ResponseRow(long receivedNanos, int status, List<Evidence> evidence, String server) {
    public ResponseRow {
        evidence = List.copyOf(evidence);
    }
}
