package org.unveil.bench;

/** The ClientHello shapes the generator sends, after the browsers that send them. */
enum TlsProfile {
    /** Chrome 131: GREASE, TLS 1.3, a hybrid X25519MLKEM768 key share that makes the hello span two segments. */
    CHROME,
    /** Firefox 133: no GREASE, TLS 1.3, x25519 and P-256 key shares. */
    FIREFOX,
    /** Safari 18: GREASE, TLS 1.3 down to 1.0 offered, x25519 only. */
    SAFARI,
    /** Internet Explorer 11 on Windows 7: TLS 1.2 only, no supported_versions, no GREASE. */
    LEGACY_TLS12
}
