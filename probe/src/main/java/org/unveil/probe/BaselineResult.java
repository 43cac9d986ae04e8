package org.unveil.probe;

import java.util.Map;

/**
 * One target's run under a baseline method: the requests sent, halberd's count (null under lbd or without a reply),
 * lbd's yes/no (null under halberd or without a reply), why, and the failures by reason.
 */
public record BaselineResult(Target target, Method method, int probes, int responses, Integer backends,
                             Boolean balanced, String why, Map<String, Integer> failures) {
    public BaselineResult {
        failures = Map.copyOf(failures);
    }
}
