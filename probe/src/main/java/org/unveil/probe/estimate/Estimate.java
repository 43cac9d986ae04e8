package org.unveil.probe.estimate;

import java.util.List;

/**
 * What a run's responses say about the back-ends.
 *
 * @param key        the evidence key that names back-ends (e.g. "header x-backend"), or null if none could
 * @param responses  responses received
 * @param identified responses that carried the naming evidence
 * @param count      the count of back-ends, with its interval
 * @param servers    each back-end found, in the order found
 * @param policy     the policy the choices look like
 * @param ignored    evidence keys left out, each with why
 * @param tcpOnly    whether the back-ends were told apart by TCP evidence only (nothing in the HTTP responses did)
 */
public record Estimate(String key, int responses, int identified, Chao1 count, List<Server> servers, Policy policy,
                       List<String> ignored, boolean tcpOnly) {
}
