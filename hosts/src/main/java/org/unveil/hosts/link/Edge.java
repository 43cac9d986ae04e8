package org.unveil.hosts.link;

/**
 * Evidence that two flows (by their index in one address's flow list) came from one host, in bits: how much
 * less likely the observation would be by chance (log2 of the inverse chance probability). Negative bits speak
 * against: what one host would have shown is missing.
 */
public record Edge(int a, int b, double bits, String evidence) {
}
