package org.unveil.probe.evidence;

/**
 * What the TLS handshake of a response's connection showed: the protocol and cipher agreed, the server
 * certificate's SHA-256 fingerprint and subject, the application protocol ALPN agreed ("h2", "http/1.1", or
 * empty when the server chose none) and the key name of the session ticket it issued (hex; empty when none was
 * read: see --tls-tickets). Back-ends that each terminate TLS may differ here; a balancer that terminates TLS
 * itself shows one.
 */
public record Tls(String protocol, String cipher, String certificateSha256, String subject, String alpn,
                  String ticketKeyName) {
    public Tls {
        alpn = alpn == null ? "" : alpn;
        ticketKeyName = ticketKeyName == null ? "" : ticketKeyName;
    }

    /** A handshake whose session ticket was not read. */
    public Tls(String protocol, String cipher, String certificateSha256, String subject, String alpn) {
        this(protocol, cipher, certificateSha256, subject, alpn, "");
    }

    /** A handshake without ALPN. */
    public Tls(String protocol, String cipher, String certificateSha256, String subject) {
        this(protocol, cipher, certificateSha256, subject, "", "");
    }
}
