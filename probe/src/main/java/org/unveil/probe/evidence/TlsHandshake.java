package org.unveil.probe.evidence;

import java.util.List;

/**
 * The TLS handshake of a response's connection: the server certificate (SHA-256 of the leaf), the protocol and the
 * cipher; and, where it was read, the key name of its session ticket (a key of its own: {@code tls-ticket}). A
 * balancer that terminates TLS shows one; back-ends that each terminate it may show their own certificates,
 * settings or ticket keys. Nothing over plain TCP.
 */
public final class TlsHandshake implements Extractor {
    @Override
    public String name() {
        return "tls";
    }

    @Override
    public void extract(Reply reply, List<Evidence> out) {
        Tls t = reply.tls();
        if (t == null) {
            return;
        }
        String sha = t.certificateSha256().length() > 16 ? t.certificateSha256().substring(0, 16)
                : t.certificateSha256();
        // the ALPN choice is part of the value: back-ends that each terminate TLS may offer h2 or not
        String alpn = t.alpn().isEmpty() ? "no ALPN" : "ALPN " + t.alpn();
        String v = "cert " + sha + " " + t.protocol() + " " + t.cipher() + " " + alpn;
        out.add(Evidence.of(Kind.TLS, "tls", v, "TLS " + t.protocol() + " " + t.cipher() + ", " + alpn
                + ", certificate SHA-256 " + t.certificateSha256() + (t.subject().isEmpty() ? "" : " ("
                + t.subject() + ")")));
        if (!t.ticketKeyName().isEmpty()) {
            // a key of its own per back-end unless they share ticket keys; a key rotation shows as a new name
            out.add(Evidence.of(Kind.TLS, "tls-ticket", t.ticketKeyName(), "TLS session ticket sealed with key name "
                    + t.ticketKeyName()));
        }
    }
}
