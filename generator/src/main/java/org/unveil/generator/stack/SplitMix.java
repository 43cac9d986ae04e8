package org.unveil.generator.stack;

/** SplitMix64's finaliser (Steele, Lea and Flood 2014): the one bit mixer behind {@link Rng} and the hosts' keyed draws. */
public final class SplitMix {
    /** The golden-ratio increment of SplitMix64's state. */
    public static final long GOLDEN = 0x9E3779B97F4A7C15L;

    private SplitMix() {
    }

    /** Mixes all 64 bits of {@code z} into each bit of the result. */
    public static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** Independent-looking numbers from one secret and two indices (a host's counters, offsets, boots). */
    public static long mix(long secret, long a, long b) {
        return mix(secret + a * GOLDEN + b * 0xD1B54A32D192ED03L);
    }
}
