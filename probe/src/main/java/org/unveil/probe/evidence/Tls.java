package org.unveil.probe.evidence;

/**
 * What the TLS handshake of a response's connection showed: the protocol and cipher agreed, and the server
 * certificate's SHA-256 fingerprint and subject. Back-ends that each terminate TLS may differ here; a balancer that
 * terminates TLS itself shows one.
 */
public record Tls(String protocol, String cipher, String certificateSha256, String subject) {
}
