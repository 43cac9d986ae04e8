package org.unveil.generator.stack;

import java.util.random.RandomGenerator;

/** How a host picks the source port of its next connection. */
public sealed interface PortAllocator {
    /** A stub resolver's: a fresh random port for every query (RFC 5452). */
    PortAllocator DNS_QUERY = new Random(1024, 65535);

    /** The next port after {@code previous} (0 before the first). */
    int next(int previous, RandomGenerator rng);

    int low();

    int high();

    /** A port drawn uniformly from the range: where a host's ports start. */
    default int first(RandomGenerator rng) {
        return low() + rng.nextInt(high() - low() + 1);
    }

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
                return previous == 0 ? first(rng) : low;
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
            return first(rng);
        }

        @Override
        public String label() {
            return "random " + low + "-" + high;
        }
    }

    /**
     * Onwards by a random step of 1 to {@code maxStep} (exactly 1, drawing nothing, when {@code maxStep} is 1),
     * resuming past {@code high} at {@code low} plus the overshoot: the benchmark capture's clients, whose
     * ports spread without repeating soon.
     */
    record Stepped(int low, int high, int maxStep) implements PortAllocator {
        public Stepped {
            check(low, high);
            if (maxStep < 1 || maxStep > high - low) {
                throw new IllegalArgumentException("port step 1-" + maxStep + " in " + low + "-" + high);
            }
        }

        @Override
        public int next(int previous, RandomGenerator rng) {
            int port = previous + (maxStep == 1 ? 1 : 1 + rng.nextInt(maxStep));
            return port > high ? low + (port - high) : port;
        }

        @Override
        public String label() {
            return "stepped " + low + "-" + high + " by 1-" + maxStep;
        }
    }

    private static void check(int low, int high) {
        if (low < 1 || high > 65535 || low > high) {
            throw new IllegalArgumentException("port range " + low + "-" + high);
        }
    }
}
