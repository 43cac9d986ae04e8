package org.unveil.bench;

import org.unveil.generator.stack.Rng;

/**
 * A ClientHello record built once per browser and server name. Each connection copies it and redraws its
 * random parts (client random, session id, key shares), which costs a copy instead of a rebuild.
 */
final class ClientHelloTemplate {
    private final byte[] bytes;
    /** Offset and length pairs of the bytes each connection draws anew. */
    private final int[] randomRegions;
    final int sessionIdOffset;
    final int sessionIdLength;

    ClientHelloTemplate(byte[] bytes, int[] randomRegions, int sessionIdOffset, int sessionIdLength) {
        this.bytes = bytes;
        this.randomRegions = randomRegions;
        this.sessionIdOffset = sessionIdOffset;
        this.sessionIdLength = sessionIdLength;
    }

    int length() {
        return bytes.length;
    }

    /** Writes a fresh hello to {@code buffer} at {@code at}; returns its length. */
    int writeTo(byte[] buffer, int at, Rng rng) {
        System.arraycopy(bytes, 0, buffer, at, bytes.length);
        for (int i = 0; i < randomRegions.length; i += 2) {
            rng.fill(buffer, at + randomRegions[i], randomRegions[i + 1]);
        }
        return bytes.length;
    }
}
