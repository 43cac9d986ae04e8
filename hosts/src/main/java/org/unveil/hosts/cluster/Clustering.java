package org.unveil.hosts.cluster;

import java.util.List;
import java.util.Set;

/**
 * How one address's flows were split into hosts.
 *
 * @param hostOf host number (0..hostCount-1) of each flow, by flow position
 * @param confidence how sure the attribution of each flow is, 0..1
 * @param low the fewest hosts the evidence allows (hosts that pairwise cannot be one)
 * @param high the count had every merge made on less than confirming evidence been left undone (flows that
 *        carry no identity at all are not counted as hosts of their own)
 * @param evidence per host, the kinds of evidence that joined its flows
 * @param separatedBy per host, what told it apart from the other hosts
 */
public record Clustering(int[] hostOf, double[] confidence, int hostCount, int low, int high,
        List<Set<String>> evidence, List<Set<String>> separatedBy, List<String> approximations) {
}
