package org.unveil.synth.model;

import java.util.random.RandomGenerator;

/** How a host picks the source port of its next connection. */
public sealed interface PortAllocator {

    /** The next port after {@code previous} (0 before the first). */
    int next(int previous, RandomGenerator rng);

    /** The name written to the hosts CSV. */
    String label();

    /** One after the other through a range: Windows (49152–65535) and old Linux. */
    record Sequential(int low, int high) implements PortAllocator {
        public Sequential {
            check(low, high);
        }

        @Override
        public int next(int previous, RandomGenerator rng) {
            if (previous < low || previous >= high) {
                return previous == 0 ? low + rng.nextInt(high - low + 1) : low;
            }
            return previous + 1;
        }

        @Override
        public String label() {
            return "sequential " + low + "-" + high;
        }
    }

    /** Uniformly at random in a range: macOS, FreeBSD, and close to what Linux's hashed choice looks like. */
    record Random(int low, int high) implements PortAllocator {
        public Random {
            check(low, high);
        }

        @Override
        public int next(int previous, RandomGenerator rng) {
            return low + rng.nextInt(high - low + 1);
        }

        @Override
        public String label() {
            return "random " + low + "-" + high;
        }
    }

    private static void check(int low, int high) {
        if (low < 1 || high > 65535 || low > high) {
            throw new IllegalArgumentException("port range " + low + "-" + high);
        }
    }
}
