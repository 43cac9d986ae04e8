package org.unveil.hosts.cluster;

import java.util.List;
import java.util.Set;
import org.unveil.hosts.evidence.EvidenceKind;

/**
 * How one address's flows were split into hosts.
 *
 * @param hostOf host number (0..hostCount-1) of each flow, by flow position; -1 for a flow no host took
 *        (multicast, IGMP or a lone probe at an address with no host it could come from)
 * @param confidence how sure the attribution of each flow is, 0..1
 * @param low the fewest hosts the evidence allows (hosts that pairwise cannot be one)
 * @param high every host that cannot be ruled out: the sum of {@code pieces}
 * @param pieces per host, the pieces of its flows that nothing a second identical machine would show
 *        differently ties together (see {@link CountRange}); above 1, the host may be several
 * @param evidence per host, the kinds of evidence that joined its flows
 * @param separatedBy per host, what told it apart from the other hosts
 */
public record Clustering(int[] hostOf, double[] confidence, int hostCount, int low, int high, int[] pieces,
        List<Set<EvidenceKind>> evidence, List<Set<EvidenceKind>> separatedBy, List<String> approximations) {
}
