package org.unveil.hosts.evidence;

import java.util.HashMap;
import java.util.Map;
import org.unveil.capture.decode.TlsClientHello;

/**
 * {@link TlsFingerprint}s by a cheap 64-bit key over what the fingerprint reads (version, cipher suites and
 * extension types as sets, signature algorithms in order, first ALPN protocol; GREASE left out), so each client
 * library is hashed with SHA-256 once, not once per connection. Bounded: forgets all past {@link #CAPACITY}.
 */
public final class TlsFingerprintCache {
    static final int CAPACITY = 4096;
    private final Map<Long, String> byKey = new HashMap<>();

    public String of(TlsClientHello hello) {
        long key = mix(hello.highestVersion());
        long ciphers = 0;
        for (int i = 0; i < hello.cipherSuiteCount(); i++) {
            int suite = hello.cipherSuite(i);
            if (!TlsClientHello.isGrease(suite)) {
                ciphers += mix(suite); // a sum: the fingerprint sorts them, so order must not matter here either
            }
        }
        long extensions = 0;
        for (int i = 0; i < hello.extensionCount(); i++) {
            int type = hello.extensionType(i);
            if (!TlsClientHello.isGrease(type)) {
                extensions += mix(0x10000 | type); // Chrome shuffles its extensions per connection
            }
        }
        long signatures = 0;
        for (int alg : hello.u16List(TlsClientHello.EXT_SIGNATURE_ALGORITHMS)) {
            if (!TlsClientHello.isGrease(alg)) {
                signatures = signatures * 31 + alg;
            }
        }
        String[] alpn = hello.alpnProtocols();
        key = key * 31 + mix(ciphers) * 17 + mix(extensions ^ 0x5bd1e995L) * 13 + mix(signatures)
                + (alpn.length == 0 ? 0 : alpn[0].hashCode());
        String known = byKey.get(key);
        if (known == null) {
            if (byKey.size() >= CAPACITY) {
                byKey.clear();
            }
            known = TlsFingerprint.of(hello);
            byKey.put(key, known);
        }
        return known;
    }

    /** SplitMix64's finaliser: spreads small values over all 64 bits so sums of them rarely collide. */
    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }
}
