package org.unveil.hosts.link;

import org.unveil.hosts.evidence.EvidenceKind;

/**
 * Evidence that two flows (by their index in one address's flow list) came from one host, in bits: how much
 * less likely the observation would be by chance (log2 of the inverse chance probability). Negative bits speak
 * against: what one host would have shown is missing. {@code evidence} is its kind: edges of one kind between one
 * pair count once, the strongest.
 */
public record Edge(int a, int b, double bits, EvidenceKind evidence) {
}
