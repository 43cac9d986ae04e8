package org.unveil.hosts.link;

/**
 * Evidence that two flows (by their index in one address's flow list) came from one host, in bits: how much
 * less likely the observation would be by chance (log2 of the inverse chance probability). Negative bits speak
 * against: what one host would have shown is missing. {@code evidence} names the kind (tcp-clock,
 * ipid-sequence, …): edges of one kind between one pair count once, the strongest.
 */
public record Edge(int a, int b, double bits, String evidence) {
}
