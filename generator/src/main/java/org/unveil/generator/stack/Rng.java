package org.unveil.generator.stack;

import java.util.random.RandomGenerator;

/**
 * SplitMix64: a fast, seedable generator, so that one seed always yields the same capture byte for byte
 * (java.util.Random would do too, but pays for thread safety the generator does not need). As a
 * {@link RandomGenerator} it drives the shared host models (ports, IPIDs) as well as the benchmark's mix.
 */
public final class Rng implements RandomGenerator {
    private long state;

    public Rng(long seed) {
        this.state = seed;
    }

    @Override
    public long nextLong() {
        return SplitMix.mix(state += SplitMix.GOLDEN);
    }

    /** Uniform in [0, bound), by Lemire's multiply-shift: no division on the hot path. */
    @Override
    public int nextInt(int bound) {
        return (int) (((nextLong() >>> 32) * bound) >>> 32);
    }

    /** Uniform in [low, high], both included. */
    public int between(int low, int high) {
        return low + nextInt(high - low + 1);
    }

    public boolean percent(int chance) {
        return nextInt(100) < chance;
    }

    public long nextU32() {
        return nextLong() >>> 32;
    }

    public <T> T pick(T[] items) {
        return items[nextInt(items.length)];
    }

    /** Fills {@code length} bytes from {@code offset}, eight a draw. */
    public void fill(byte[] bytes, int offset, int length) {
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
