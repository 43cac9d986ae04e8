package org.unveil.proxy;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.SplittableRandom;

/** A seeded byte stream, so each end of a transfer knows what the other should have got without the proxy. */
final class SeededBytes {
    private final SplittableRandom random;
    private long remaining;

    SeededBytes(long seed, long length) {
        this.random = new SplittableRandom(seed);
        this.remaining = length;
    }

    /** Fills {@code buffer} (cleared) with the next bytes, up to what remains; false once nothing remains. */
    boolean next(ByteBuffer buffer) {
        buffer.clear();
        if (remaining == 0) {
            buffer.limit(0);
            return false;
        }
        buffer.order(ByteOrder.LITTLE_ENDIAN);
        while (buffer.remaining() >= 8) {
            buffer.putLong(random.nextLong());
        }
        buffer.flip();
        if (buffer.limit() > remaining) {
            buffer.limit((int) remaining);
        }
        remaining -= buffer.limit();
        return true;
    }

    static String digest(long seed, long length) {
        MessageDigest sha = sha256();
        SeededBytes bytes = new SeededBytes(seed, length);
        ByteBuffer buffer = ByteBuffer.allocate(1 << 16);
        while (bytes.next(buffer)) {
            sha.update(buffer);
        }
        return HexFormat.of().formatHex(sha.digest());
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
