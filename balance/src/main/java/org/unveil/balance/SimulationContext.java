package org.unveil.balance;

import java.util.Random;

/**
 * What a scheduler may use besides the packets: a seeded random source (so runs repeat exactly) and the
 * tunables of the run.
 *
 * @param random the run's only source of randomness
 * @param maxNodes the largest node count membership changes may reach (joins add nodes up to it)
 */
public record SimulationContext(Random random, int maxNodes) {
}
