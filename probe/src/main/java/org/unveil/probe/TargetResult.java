package org.unveil.probe;

import java.util.List;
import java.util.Map;
import org.unveil.probe.estimate.Estimate;

/**
 * What probing one target found.
 *
 * @param target         the URL and address
 * @param probes         requests sent
 * @param failures       requests that got no response, by reason in plain words
 * @param stoppedBecause why probing stopped (see {@link Stop})
 * @param budget         the probes the stopping rule asked for, for the back-ends seen when it stopped
 * @param estimate       the back-ends and their shares
 * @param responses      each response, in send order
 * @param stickiness     whether a client keeps landing on one back-end
 * @param tcp            whether the balancer terminates TCP, or null when --tcp was not asked
 */
public record TargetResult(Target target, int probes, Map<String, Integer> failures, Stop stoppedBecause,
                           long budget, Estimate estimate, List<ResponseRow> responses, Stickiness stickiness,
                           TcpVerdict tcp) {
    public TargetResult {
        failures = Map.copyOf(failures);
        responses = List.copyOf(responses);
    }

    /** Requests that failed. */
    public int failed() {
        return failures.values().stream().mapToInt(Integer::intValue).sum();
    }
}
