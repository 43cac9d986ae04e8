package org.unveil.bench;

/**
 * SplitMix64: a fast, seedable generator, so that one seed always yields the same capture byte for byte
 * (java.util.Random would do too, but pays for thread safety the generator does not need).
 */
final class Rng {
    private long state;

    Rng(long seed) {
        this.state = seed;
    }

    long nextLong() {
        long z = state += 0x9E3779B97F4A7C15L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** Uniform in [0, bound), by Lemire's multiply-shift: no division on the hot path. */
    int nextInt(int bound) {
        return (int) (((nextLong() >>> 32) * bound) >>> 32);
    }

    /** Uniform in [low, high], both included. */
    int between(int low, int high) {
        return low + nextInt(high - low + 1);
    }

    boolean percent(int chance) {
        return nextInt(100) < chance;
    }

    long nextU32() {
        return nextLong() >>> 32;
    }

    <T> T pick(T[] items) {
        return items[nextInt(items.length)];
    }

    /** A value log-uniformly spread over [low, high]: many small, a few large, as object sizes on the web. */
    int logUniform(int low, int high) {
        double span = Math.log((double) high / low);
        return (int) Math.min(high, Math.round(low * Math.exp(span * (nextLong() >>> 11) * 0x1.0p-53)));
    }

    void fill(byte[] bytes, int offset, int length) {
        int i = offset;
        int end = offset + length;
        while (i < end) {
            long v = nextLong();
            for (int k = 0; k < 8 && i < end; k++, v >>>= 8) {
                bytes[i++] = (byte) v;
            }
        }
    }
}
