package org.unveil.generator.stack;

import java.util.random.RandomGenerator;

/** The shapes the generators draw sizes and gaps from. */
public final class Distributions {
    private Distributions() {
    }

    /** A value log-uniformly spread over [low, high]: many small, a few large, as object sizes on the web. */
    public static int logUniform(RandomGenerator rng, int low, int high) {
        return (int) Math.round(low * Math.exp(Math.log((double) high / low) * rng.nextDouble()));
    }

    /** The gap to the next event of a Poisson process of mean gap {@code mean}. */
    public static double exponential(RandomGenerator rng, double mean) {
        return -Math.log(1 - rng.nextDouble()) * mean;
    }
}
