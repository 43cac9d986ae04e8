package org.unveil.trace.correlate;

import java.util.List;

/** Everything `unveil correlate` reports: request pairs, connection pairs, per-back-end load, policy guess. */
public record Correlation(List<RequestPair> pairs, List<ConnectionPair> connections, List<BackendLoad> backends,
        PolicyGuess policy, int frontRequests, int backRequests) {
}
